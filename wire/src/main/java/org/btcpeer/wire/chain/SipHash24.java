package org.btcpeer.wire.chain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

import org.btcpeer.wire.Hash256;

/**
 * SipHash-2-4 with a 128-bit key and a 64-bit output (Aumasson and Bernstein, "SipHash: a fast
 * short-input PRF", 2012): 2 compression rounds per 8-byte word, 4 finalization rounds. BIP-152
 * uses it for compact block short ids (Core's {@code SipHashUint256}).
 *
 * <p>The key is given as two 64-bit words, {@code k0} from key bytes 0..7 and {@code k1} from
 * bytes 8..15, both little-endian, as in Core's {@code CSipHasher(k0, k1)}.
 */
public final class SipHash24 {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SipHash24() {
    }

    /**
     * SipHash-2-4 of a range of bytes.
     *
     * @param k0     key bytes 0..7 as a little-endian word
     * @param k1     key bytes 8..15 as a little-endian word
     * @param data   the message
     * @param offset the first byte
     * @param length the number of bytes
     * @return the 64-bit hash
     */
    public static long hash(long k0, long k1, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int end = offset + (length & ~7);
        for (int i = offset; i < end; i += 8) {
            long m = (long) LONG_LE.get(data, i);
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        // Last block: the remaining 0..7 bytes, and the message length mod 256 in the top byte.
        long b = (long) length << 56;
        for (int i = 0; i < (length & 7); i++) {
            b |= (data[end + i] & 0xffL) << (8 * i);
        }
        v3 ^= b;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= b;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /**
     * SipHash-2-4 of a whole array.
     *
     * @param k0   key bytes 0..7 as a little-endian word
     * @param k1   key bytes 8..15 as a little-endian word
     * @param data the message
     * @return the 64-bit hash
     */
    public static long hash(long k0, long k1, byte[] data) {
        return hash(k0, k1, data, 0, data.length);
    }

    /**
     * SipHash-2-4 of a hash's 32 internal-order bytes (Core's {@code SipHashUint256}).
     *
     * @param k0   key bytes 0..7 as a little-endian word
     * @param k1   key bytes 8..15 as a little-endian word
     * @param hash the message
     * @return the 64-bit hash
     */
    public static long hash(long k0, long k1, Hash256 hash) {
        byte[] b = new byte[Hash256.LENGTH];
        hash.copyTo(b, 0);
        return hash(k0, k1, b, 0, Hash256.LENGTH);
    }
}
