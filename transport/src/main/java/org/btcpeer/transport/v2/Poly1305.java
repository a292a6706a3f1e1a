package org.btcpeer.transport.v2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Poly1305 one-time authenticator of RFC 8439 section 2.5, for {@link ChaCha20Poly1305}.
 *
 * <p>It exists so that small BIP-324 packets can be authenticated without the per-message
 * {@code Cipher.init} of the JDK's {@code ChaCha20-Poly1305}, which dominates their cost. The JDK
 * (with its Poly1305 intrinsics) stays in use for large packets.
 *
 * <p>An instance is reusable and allocates nothing after construction: {@link #init} with a fresh
 * one-time key, any number of {@link #update} calls in any chunking (and {@link #padToBlock()} for
 * the AEAD's zero padding), then {@link #finish}, which writes the tag and wipes the key and the
 * accumulator. Not thread-safe.
 *
 * <p>The accumulator {@code h} and the clamped {@code r} are held in five 26-bit limbs in longs, so
 * that a product of limbs and a column sum of five products fit in 64 bits without carries between
 * words (measured faster in Java than 44-bit limbs with {@link Math#multiplyHigh} and than two
 * 64-bit limbs with {@link Math#unsignedMultiplyHigh}). The arithmetic has no secret-dependent
 * branches or memory accesses.
 */
final class Poly1305 {

    /** Length of the one-time key: {@code r} (16 bytes, clamped) then {@code s} (16 bytes). */
    static final int KEY_LENGTH = 32;

    /** Length of the tag. */
    static final int TAG_LENGTH = 16;

    private static final int BLOCK = 16;
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long MASK26 = (1L << 26) - 1;
    /** 2^128 in the top limb (bit 128 is bit 24 of the limb at 2^104). */
    private static final long HIBIT = 1L << 24;

    // r, clamped, in limbs of 26 bits; 5 * r1 .. 5 * r4 for the wrap-around (2^130 = 5 mod p)
    private long r0, r1, r2, r3, r4, r1x5, r2x5, r3x5, r4x5;
    // s, the second half of the key, as two little-endian 64-bit halves
    private long s0, s1;
    // the accumulator, partially reduced
    private long h0, h1, h2, h3, h4;
    // a partial block kept between update calls
    private final byte[] buffer = new byte[BLOCK];
    private int buffered;

    /**
     * Starts a new tag under a 32-byte one-time key, discarding any unfinished state.
     *
     * @param key the key, {@code r || s}, 32 bytes from {@code offset}
     * @param offset where the key starts
     */
    void init(byte[] key, int offset) {
        Objects.checkFromIndexSize(offset, KEY_LENGTH, key.length);
        setKey((long) LE_LONG.get(key, offset), (long) LE_LONG.get(key, offset + 8),
                (long) LE_LONG.get(key, offset + 16), (long) LE_LONG.get(key, offset + 24));
    }

    /**
     * Starts a new tag under a one-time key given as eight little-endian 32-bit words, as the first
     * half of a ChaCha20 block in word form (RFC 8439 section 2.6).
     *
     * @param words the key words, 8 from {@code offset}: {@code r} then {@code s}
     * @param offset where the key starts
     */
    void init(int[] words, int offset) {
        Objects.checkFromIndexSize(offset, 8, words.length);
        setKey(pair(words[offset], words[offset + 1]), pair(words[offset + 2], words[offset + 3]),
                pair(words[offset + 4], words[offset + 5]), pair(words[offset + 6], words[offset + 7]));
    }

    private static long pair(int low, int high) {
        return (low & 0xffffffffL) | (long) high << 32;
    }

    private void setKey(long rLow, long rHigh, long sLow, long sHigh) {
        // clamp(r): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff
        rLow &= 0x0ffffffc0fffffffL;
        rHigh &= 0x0ffffffc0ffffffcL;
        r0 = rLow & MASK26;
        r1 = (rLow >>> 26) & MASK26;
        r2 = (rLow >>> 52 | rHigh << 12) & MASK26;
        r3 = (rHigh >>> 14) & MASK26;
        r4 = rHigh >>> 40; // at most 20 bits after clamping
        r1x5 = r1 * 5;
        r2x5 = r2 * 5;
        r3x5 = r3 * 5;
        r4x5 = r4 * 5;
        s0 = sLow;
        s1 = sHigh;
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        buffered = 0;
    }

    /**
     * Authenticates {@code in[offset .. offset+length)} as the next bytes of the message.
     *
     * @param in the input
     * @param offset where it starts
     * @param length how many bytes
     */
    void update(byte[] in, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, in.length);
        if (buffered > 0) {
            int take = Math.min(length, BLOCK - buffered);
            System.arraycopy(in, offset, buffer, buffered, take);
            buffered += take;
            offset += take;
            length -= take;
            if (buffered < BLOCK) {
                return;
            }
            blocks(buffer, 0, BLOCK);
            buffered = 0;
        }
        int full = length & -BLOCK;
        if (full > 0) {
            blocks(in, offset, full);
        }
        int rest = length - full;
        if (rest > 0) {
            System.arraycopy(in, offset + full, buffer, 0, rest);
            buffered = rest;
        }
    }

    /**
     * Pads the message so far with zero bytes to a multiple of 16 bytes (nothing if it already is
     * one): the {@code pad16} of the RFC 8439 AEAD construction.
     */
    void padToBlock() {
        if (buffered > 0) {
            for (int i = buffered; i < BLOCK; i++) {
                buffer[i] = 0;
            }
            blocks(buffer, 0, BLOCK);
            buffered = 0;
        }
    }

    /**
     * Writes the 16-byte tag of the message and wipes the key, the accumulator and the buffer; the
     * instance needs {@link #init} before it is used again.
     *
     * @param out the destination
     * @param outOffset where the 16 bytes go
     */
    void finish(byte[] out, int outOffset) {
        Objects.checkFromIndexSize(outOffset, TAG_LENGTH, out.length);
        if (buffered > 0) {
            // the last partial block: its bytes, then a 1 byte, then zeros; no 2^128 bit
            buffer[buffered] = 1;
            for (int i = buffered + 1; i < BLOCK; i++) {
                buffer[i] = 0;
            }
            absorb((long) LE_LONG.get(buffer, 0), (long) LE_LONG.get(buffer, 8), 0);
        }
        // fully carry h (one pass suffices: the limbs are below 2^26 except h1, below 2^26 + 2^10)
        long a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
        long c = a1 >>> 26;
        a1 &= MASK26;
        a2 += c;
        c = a2 >>> 26;
        a2 &= MASK26;
        a3 += c;
        c = a3 >>> 26;
        a3 &= MASK26;
        a4 += c;
        c = a4 >>> 26;
        a4 &= MASK26;
        a0 += c * 5;
        c = a0 >>> 26;
        a0 &= MASK26;
        a1 += c;
        // g = h + 5 - 2^130; keep g if it does not borrow (h >= p), else h
        long g0 = a0 + 5;
        c = g0 >>> 26;
        g0 &= MASK26;
        long g1 = a1 + c;
        c = g1 >>> 26;
        g1 &= MASK26;
        long g2 = a2 + c;
        c = g2 >>> 26;
        g2 &= MASK26;
        long g3 = a3 + c;
        c = g3 >>> 26;
        g3 &= MASK26;
        long g4 = a4 + c - (1L << 26);
        long useG = ~(g4 >> 63); // all ones when g4 >= 0
        a0 = (a0 & ~useG) | (g0 & useG);
        a1 = (a1 & ~useG) | (g1 & useG);
        a2 = (a2 & ~useG) | (g2 & useG);
        a3 = (a3 & ~useG) | (g3 & useG);
        a4 = (a4 & ~useG) | (g4 & useG & MASK26);
        // tag = (h + s) mod 2^128
        long low = a0 | a1 << 26 | a2 << 52;
        long high = a2 >>> 12 | a3 << 14 | a4 << 40;
        long sumLow = low + s0;
        long carry = ((low & s0) | ((low | s0) & ~sumLow)) >>> 63;
        long sumHigh = high + s1 + carry;
        LE_LONG.set(out, outOffset, sumLow);
        LE_LONG.set(out, outOffset + 8, sumHigh);
        wipe();
    }

    private void wipe() {
        r0 = r1 = r2 = r3 = r4 = 0;
        r1x5 = r2x5 = r3x5 = r4x5 = 0;
        s0 = s1 = 0;
        h0 = h1 = h2 = h3 = h4 = 0;
        for (int i = 0; i < BLOCK; i++) {
            buffer[i] = 0;
        }
        buffered = 0;
    }

    /** Processes {@code length} (a multiple of 16) bytes of full blocks. */
    private void blocks(byte[] in, int offset, int length) {
        int end = offset + length;
        for (int p = offset; p < end; p += BLOCK) {
            absorb((long) LE_LONG.get(in, p), (long) LE_LONG.get(in, p + 8), HIBIT);
        }
    }

    /**
     * h = (h + block) * r mod p (partially reduced), the block being {@code high:low} plus
     * {@code hibit << 104} ({@link #HIBIT} for 2^128, 0 for the final partial block, which carries
     * its own 1 byte).
     */
    private void absorb(long low, long high, long hibit) {
        long a0 = h0 + (low & MASK26);
        long a1 = h1 + ((low >>> 26) & MASK26);
        long a2 = h2 + ((low >>> 52 | high << 12) & MASK26);
        long a3 = h3 + ((high >>> 14) & MASK26);
        long a4 = h4 + (high >>> 40 | hibit);

        // limbs of a are below 2^27 and of 5r below 2^29: each column sum is below 2^59
        long d0 = a0 * r0 + a1 * r4x5 + a2 * r3x5 + a3 * r2x5 + a4 * r1x5;
        long d1 = a0 * r1 + a1 * r0 + a2 * r4x5 + a3 * r3x5 + a4 * r2x5;
        long d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * r4x5 + a4 * r3x5;
        long d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * r4x5;
        long d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0;

        // carry into 26-bit limbs; the excess above 2^130 wraps around times 5
        long c = d0 >>> 26;
        a0 = d0 & MASK26;
        d1 += c;
        c = d1 >>> 26;
        a1 = d1 & MASK26;
        d2 += c;
        c = d2 >>> 26;
        a2 = d2 & MASK26;
        d3 += c;
        c = d3 >>> 26;
        a3 = d3 & MASK26;
        d4 += c;
        c = d4 >>> 26;
        a4 = d4 & MASK26;
        a0 += c * 5;
        c = a0 >>> 26;
        a0 &= MASK26;
        a1 += c;
        h0 = a0;
        h1 = a1;
        h2 = a2;
        h3 = a3;
        h4 = a4;
    }
}
