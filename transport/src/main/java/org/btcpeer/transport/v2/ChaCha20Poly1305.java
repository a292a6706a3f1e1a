package org.btcpeer.transport.v2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The RFC 8439 section 2.8 AEAD {@code AEAD_CHACHA20_POLY1305} in plain Java, for small BIP-324
 * packets.
 *
 * <p>The JDK's {@code ChaCha20-Poly1305} cipher must be re-initialised for every message, and for
 * the small packets that make up most P2P traffic (inv, ping, tx: tens to hundreds of bytes) that
 * {@code init} costs far more than the cryptography. This class keeps the key as eight words, takes
 * the nonce as three words and allocates nothing per message. For large packets the JDK, with its
 * vectorised ChaCha20 and Poly1305 intrinsics (where the JVM and CPU have them), stays faster and
 * remains in use; the caller picks the size at which to switch.
 *
 * <p>Block 0 of the ChaCha20 keystream gives the one-time {@link Poly1305} key; the plaintext is
 * encrypted from block 1; the tag authenticates
 * {@code aad || pad16 || ciphertext || pad16 || le64(aad length) || le64(ciphertext length)}.
 *
 * <p>One instance serves one direction and is reused for every message; it is not thread-safe. The
 * keystream scratch is wiped after every call and {@link Poly1305#finish} wipes the one-time key;
 * {@link #setKey} overwrites the key words and {@link #clearKey()} zeroes them.
 */
final class ChaCha20Poly1305 {

    /** Length of the key. */
    static final int KEY_LENGTH = 32;

    /** Length of the tag that follows the ciphertext. */
    static final int TAG_LENGTH = Poly1305.TAG_LENGTH;

    private static final int BLOCK = ChaCha20Block.BLOCK_LENGTH;
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] key = new int[8];
    private boolean keyed;
    private final int[] keystream = new int[16];
    // the first plaintext block when it is assembled from the prefix and the start of the payload
    private final byte[] head = new byte[BLOCK];
    // the lengths block, then the computed tag when opening
    private final byte[] scratch = new byte[TAG_LENGTH];
    private final Poly1305 poly1305 = new Poly1305();
    // associated data given in pieces for the next open (beginAad .. open)
    private boolean streaming;
    private int streamNonce0, streamNonce1, streamNonce2;
    private long streamedAadLength;

    /**
     * Sets (or, after a rekey, replaces) the key.
     *
     * @param key32 the 32-byte key; copied
     */
    void setKey(byte[] key32) {
        if (key32 == null || key32.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
        }
        setKey(key32, 0);
    }

    /**
     * Sets the key from {@code keys[offset .. offset+32)}.
     *
     * @param keys the array holding the key; copied
     * @param offset where the key starts
     */
    void setKey(byte[] keys, int offset) {
        Objects.checkFromIndexSize(offset, KEY_LENGTH, keys.length);
        ChaCha20Block.keyWords(keys, offset, key);
        keyed = true;
    }

    /**
     * Replaces the key with the first 32 bytes of keystream block 1 under the given nonce: BIP-324's
     * {@code FSChaCha20Poly1305} rekey (the encryption of 32 zero bytes), without an allocation.
     *
     * @param nonce0 nonce bytes 0..3 as a little-endian word
     * @param nonce1 nonce bytes 4..7
     * @param nonce2 nonce bytes 8..11
     */
    void rekey(int nonce0, int nonce1, int nonce2) {
        checkKeyed();
        ChaCha20Block.block(key, 1, nonce0, nonce1, nonce2, keystream);
        System.arraycopy(keystream, 0, key, 0, 8);
        Arrays.fill(keystream, 0);
    }

    /**
     * A copy of the key as bytes, for an engine that needs them (the JDK cipher); the caller wipes it.
     *
     * @return the 32-byte key
     */
    byte[] keyBytes() {
        checkKeyed();
        byte[] bytes = new byte[KEY_LENGTH];
        for (int i = 0; i < 8; i++) {
            ChaCha20Block.putLittleEndianInt(bytes, 4 * i, key[i]);
        }
        return bytes;
    }

    /** Wipes the key; {@link #setKey} is needed before the next message. */
    void clearKey() {
        Arrays.fill(key, 0);
        keyed = false;
    }

    /**
     * Encrypts and authenticates the plaintext {@code prefix[0 .. prefixLength) || in[inOffset ..
     * inOffset+length)}, writing {@code prefixLength + length} ciphertext bytes and then the 16-byte
     * tag at {@code out[outOffset]}.
     *
     * <p>{@code in} may already sit where its ciphertext goes, at {@code out[outOffset +
     * prefixLength]} in the same array; no other overlap of the input and the output is supported.
     *
     * @param nonce0 nonce bytes 0..3 as a little-endian word
     * @param nonce1 nonce bytes 4..7 as a little-endian word
     * @param nonce2 nonce bytes 8..11 as a little-endian word
     * @param aad the associated data, or {@code null} for none
     * @param prefix the first plaintext bytes (may be {@code null} if {@code prefixLength} is 0)
     * @param prefixLength how many bytes of {@code prefix}, from index 0
     * @param in the rest of the plaintext
     * @param inOffset where it starts
     * @param length its length
     * @param out the destination, with room for {@code prefixLength + length + 16} bytes
     * @param outOffset where to write
     * @return the number of bytes written, {@code prefixLength + length + 16}
     */
    int seal(int nonce0, int nonce1, int nonce2, byte[] aad, byte[] prefix, int prefixLength,
             byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        return seal(nonce0, nonce1, nonce2, aad, 0, aad == null ? 0 : aad.length, prefix, prefixLength,
                in, inOffset, length, out, outOffset);
    }

    /**
     * Like {@link #seal(int, int, int, byte[], byte[], int, byte[], int, int, byte[], int)} with the
     * associated data {@code aad[aadOffset .. aadOffset+aadLength)}, read where it lies: BIP-324's
     * first packet authenticates our garbage in place in the handshake's output array.
     *
     * @param nonce0 nonce bytes 0..3 as a little-endian word
     * @param nonce1 nonce bytes 4..7 as a little-endian word
     * @param nonce2 nonce bytes 8..11 as a little-endian word
     * @param aad the array holding the associated data ({@code null} only if {@code aadLength} is 0)
     * @param aadOffset where it starts
     * @param aadLength how many bytes
     * @param prefix the first plaintext bytes (may be {@code null} if {@code prefixLength} is 0)
     * @param prefixLength how many bytes of {@code prefix}, from index 0
     * @param in the rest of the plaintext
     * @param inOffset where it starts
     * @param length its length
     * @param out the destination, with room for {@code prefixLength + length + 16} bytes
     * @param outOffset where to write
     * @return the number of bytes written, {@code prefixLength + length + 16}
     */
    int seal(int nonce0, int nonce1, int nonce2, byte[] aad, int aadOffset, int aadLength, byte[] prefix,
             int prefixLength, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        checkAad(aad, aadOffset, aadLength);
        if (streaming) {
            throw new IllegalStateException("associated data is being streamed for the next open");
        }
        if (prefixLength != 0) {
            Objects.checkFromIndexSize(0, prefixLength, prefix.length);
        }
        Objects.checkFromIndexSize(inOffset, length, in.length);
        int total = prefixLength + length;
        if (prefixLength < 0 || total < 0 || total > Integer.MAX_VALUE - TAG_LENGTH) {
            throw new IndexOutOfBoundsException("plaintext length " + prefixLength + " + " + length);
        }
        Objects.checkFromIndexSize(outOffset, total + TAG_LENGTH, out.length);
        checkKeyed();
        try {
            startTag(nonce0, nonce1, nonce2, aad, aadOffset, aadLength);
            int pos = 0; // position in the plaintext stream
            int counter = 1;
            // Blocks holding prefix bytes are assembled in head first (reading any in-place payload
            // before it is overwritten), so that every keystream block is applied whole.
            while (pos < prefixLength) {
                int n = Math.min(BLOCK, total - pos);
                int fromPrefix = Math.min(n, prefixLength - pos);
                System.arraycopy(prefix, pos, head, 0, fromPrefix);
                if (n > fromPrefix) {
                    System.arraycopy(in, inOffset, head, fromPrefix, n - fromPrefix);
                }
                ChaCha20Block.block(key, counter++, nonce0, nonce1, nonce2, keystream);
                xor(head, 0, out, outOffset + pos, n);
                pos += n;
            }
            if (prefixLength > 0) {
                Arrays.fill(head, (byte) 0);
            }
            int inPos = inOffset + pos - prefixLength;
            crypt(counter, nonce0, nonce1, nonce2, in, inPos, out, outOffset + pos, total - pos);
            poly1305.update(out, outOffset, total);
            poly1305.padToBlock();
            finishTag(aadLength, total, out, outOffset + total);
            return total + TAG_LENGTH;
        } finally {
            wipeScratch();
        }
    }

    /**
     * Verifies and decrypts {@code in[inOffset .. inOffset+length)}, ciphertext then 16-byte tag. The
     * tag is checked, in constant time, before anything is written: if it does not verify, this
     * returns {@code false} and {@code out} is untouched. Otherwise the {@code length - 16} plaintext
     * bytes go to {@code out[outOffset]}. In-place decryption ({@code out == in} at the same offset)
     * works; no other overlap is supported.
     *
     * @param nonce0 nonce bytes 0..3 as a little-endian word
     * @param nonce1 nonce bytes 4..7 as a little-endian word
     * @param nonce2 nonce bytes 8..11 as a little-endian word
     * @param aad the associated data, or {@code null} for none
     * @param in the ciphertext and tag
     * @param inOffset where they start
     * @param length the ciphertext length plus 16
     * @param out the destination, with room for {@code length - 16} bytes
     * @param outOffset where to write
     * @return whether the tag verified (and the plaintext was written)
     * @throws IllegalArgumentException if {@code length} is less than 16
     */
    boolean open(int nonce0, int nonce1, int nonce2, byte[] aad, byte[] in, int inOffset, int length,
                 byte[] out, int outOffset) {
        return open(nonce0, nonce1, nonce2, aad, 0, aad == null ? 0 : aad.length, in, inOffset, length, out, outOffset);
    }

    /**
     * Like {@link #open(int, int, int, byte[], byte[], int, int, byte[], int)} with the associated
     * data {@code aad[aadOffset .. aadOffset+aadLength)}. After {@link #beginAad} the associated data
     * was given in pieces already: {@code aad} must then be {@code null} and {@code aadLength} 0, and
     * the nonce must be the one given to {@code beginAad}.
     *
     * @param nonce0 nonce bytes 0..3 as a little-endian word
     * @param nonce1 nonce bytes 4..7 as a little-endian word
     * @param nonce2 nonce bytes 8..11 as a little-endian word
     * @param aad the array holding the associated data ({@code null} if {@code aadLength} is 0)
     * @param aadOffset where it starts
     * @param aadLength how many bytes
     * @param in the ciphertext and tag
     * @param inOffset where they start
     * @param length the ciphertext length plus 16
     * @param out the destination, with room for {@code length - 16} bytes
     * @param outOffset where to write
     * @return whether the tag verified (and the plaintext was written)
     * @throws IllegalArgumentException if {@code length} is less than 16
     */
    boolean open(int nonce0, int nonce1, int nonce2, byte[] aad, int aadOffset, int aadLength, byte[] in,
                 int inOffset, int length, byte[] out, int outOffset) {
        checkAad(aad, aadOffset, aadLength);
        if (length < TAG_LENGTH) {
            throw new IllegalArgumentException("ciphertext shorter than the tag: " + length);
        }
        Objects.checkFromIndexSize(inOffset, length, in.length);
        int ciphertextLength = length - TAG_LENGTH;
        Objects.checkFromIndexSize(outOffset, ciphertextLength, out.length);
        checkKeyed();
        if (streaming && (aadLength != 0 || nonce0 != streamNonce0 || nonce1 != streamNonce1 || nonce2 != streamNonce2)) {
            throw new IllegalStateException("the associated data was streamed for another nonce, or is given twice");
        }
        try {
            long totalAad;
            if (streaming) {
                streaming = false; // the tag started in beginAad; the associated data is in poly1305
                poly1305.padToBlock();
                totalAad = streamedAadLength;
                streamedAadLength = 0;
            } else {
                startTag(nonce0, nonce1, nonce2, aad, aadOffset, aadLength);
                totalAad = aadLength;
            }
            poly1305.update(in, inOffset, ciphertextLength);
            poly1305.padToBlock();
            finishTag(totalAad, ciphertextLength, scratch, 0);
            int diff = 0;
            int tagOffset = inOffset + ciphertextLength;
            for (int i = 0; i < TAG_LENGTH; i++) {
                diff |= scratch[i] ^ in[tagOffset + i];
            }
            if (diff != 0) {
                return false;
            }
            crypt(1, nonce0, nonce1, nonce2, in, inOffset, out, outOffset, ciphertextLength);
            return true;
        } finally {
            wipeScratch();
        }
    }

    private void checkKeyed() {
        if (!keyed) {
            throw new IllegalStateException("ChaCha20Poly1305 has no key");
        }
    }

    /**
     * Starts the tag of the next {@link #open} with that call's nonce and lets its associated data
     * arrive in pieces through {@link #updateAad}, so that the caller need not keep it: BIP-324's
     * receiver authenticates the peer's garbage as it arrives instead of storing up to 4 KB of it.
     * The next {@code open} must use the same nonce and no associated data of its own.
     *
     * @param nonce0 nonce bytes 0..3 of the next open, as a little-endian word
     * @param nonce1 nonce bytes 4..7
     * @param nonce2 nonce bytes 8..11
     */
    void beginAad(int nonce0, int nonce1, int nonce2) {
        checkKeyed();
        try {
            ChaCha20Block.block(key, 0, nonce0, nonce1, nonce2, keystream);
            poly1305.init(keystream, 0);
        } finally {
            Arrays.fill(keystream, 0);
        }
        streaming = true;
        streamNonce0 = nonce0;
        streamNonce1 = nonce1;
        streamNonce2 = nonce2;
        streamedAadLength = 0;
    }

    /**
     * Authenticates {@code in[offset .. offset+length)} as the next associated-data bytes of the
     * next {@link #open}; see {@link #beginAad}.
     *
     * @param in the input
     * @param offset where it starts
     * @param length how many bytes
     */
    void updateAad(byte[] in, int offset, int length) {
        if (!streaming) {
            throw new IllegalStateException("beginAad was not called");
        }
        poly1305.update(in, offset, length);
        streamedAadLength += length;
    }

    /** Bounds of an associated-data range; {@code aad} may be null only for an empty range. */
    static void checkAad(byte[] aad, int aadOffset, int aadLength) {
        if (aadLength != 0 || aad != null) {
            Objects.checkFromIndexSize(aadOffset, aadLength, aad.length);
        }
    }

    /** Derives the one-time Poly1305 key from block 0 and authenticates the padded aad. */
    private void startTag(int nonce0, int nonce1, int nonce2, byte[] aad, int aadOffset, int aadLength) {
        ChaCha20Block.block(key, 0, nonce0, nonce1, nonce2, keystream);
        poly1305.init(keystream, 0);
        if (aadLength > 0) {
            poly1305.update(aad, aadOffset, aadLength);
            poly1305.padToBlock();
        }
    }

    /** Authenticates the two lengths and writes the tag. */
    private void finishTag(long aadLength, int ciphertextLength, byte[] tag, int tagOffset) {
        LE_LONG.set(scratch, 0, aadLength);
        LE_LONG.set(scratch, 8, (long) ciphertextLength);
        poly1305.update(scratch, 0, TAG_LENGTH);
        poly1305.finish(tag, tagOffset);
    }

    /** XORs {@code length} bytes of keystream from block {@code counter} on, {@code in} to {@code out}. */
    private void crypt(int counter, int nonce0, int nonce1, int nonce2, byte[] in, int inOffset,
                       byte[] out, int outOffset, int length) {
        while (length > 0) {
            ChaCha20Block.block(key, counter++, nonce0, nonce1, nonce2, keystream);
            int n = Math.min(BLOCK, length);
            xor(in, inOffset, out, outOffset, n);
            inOffset += n;
            outOffset += n;
            length -= n;
        }
    }

    /**
     * {@code out[outOffset + i] = in[inOffset + i] ^ keystream byte i} for {@code i < n <= 64}; each
     * position is read before it is written, so {@code in} and {@code out} may coincide.
     */
    private void xor(byte[] in, int inOffset, byte[] out, int outOffset, int n) {
        int[] k = keystream;
        int words = n >>> 3;
        for (int i = 0; i < words; i++) {
            long ks = (k[2 * i] & 0xffffffffL) | (long) k[2 * i + 1] << 32;
            LE_LONG.set(out, outOffset + 8 * i, (long) LE_LONG.get(in, inOffset + 8 * i) ^ ks);
        }
        for (int i = words << 3; i < n; i++) {
            out[outOffset + i] = (byte) (in[inOffset + i] ^ (k[i >>> 2] >>> ((i & 3) << 3)));
        }
    }

    private void wipeScratch() {
        Arrays.fill(keystream, 0);
        Arrays.fill(scratch, (byte) 0);
    }
}
