package org.btcpeer.transport.v2;

/**
 * The ChaCha20 block function of RFC 8439 section 2.3, which BIP-324 ("Existing cryptographic
 * primitives") uses directly for the length cipher {@link FSChaCha20} and for the rekeying of
 * {@link FSChaCha20Poly1305}, and the keystream of the plain-Java {@link ChaCha20Poly1305} for small
 * packets. All need single keystream blocks under a key that changes every 224 messages; the JDK's
 * {@code ChaCha20} cipher would need a re-initialisation per block and refuses to reuse a key and
 * nonce in encrypt mode, so this small function is clearer and cheaper.
 */
final class ChaCha20Block {

    /** Bytes produced by one block. */
    static final int BLOCK_LENGTH = 64;

    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private ChaCha20Block() {
    }

    /**
     * Reads a 32-byte key as the eight little-endian words of the ChaCha20 state.
     *
     * @param key the source, 32 bytes from {@code offset}
     * @param offset where the key starts
     * @param words the destination, 8 words
     */
    static void keyWords(byte[] key, int offset, int[] words) {
        for (int i = 0; i < 8; i++) {
            words[i] = littleEndianInt(key, offset + 4 * i);
        }
    }

    /**
     * Computes {@code chacha20_block(key, nonce, counter)}.
     *
     * @param key the key as 8 little-endian words
     * @param counter the 32-bit block counter
     * @param nonce0 the first nonce word (nonce bytes 0..3, little-endian)
     * @param nonce1 the second nonce word (nonce bytes 4..7)
     * @param nonce2 the third nonce word (nonce bytes 8..11)
     * @param out receives 64 bytes of keystream
     * @param outOffset where to write them
     */
    static void block(int[] key, int counter, int nonce0, int nonce1, int nonce2, byte[] out, int outOffset) {
        int[] words = new int[16];
        block(key, counter, nonce0, nonce1, nonce2, words);
        for (int i = 0; i < 16; i++) {
            putLittleEndianInt(out, outOffset + 4 * i, words[i]);
        }
        java.util.Arrays.fill(words, 0);
    }

    /**
     * Computes {@code chacha20_block(key, nonce, counter)} as its 16 output words (word {@code i} is
     * keystream bytes {@code 4i .. 4i+3}, little-endian), for {@link ChaCha20Poly1305}, which XORs
     * the keystream a word at a time.
     *
     * @param key the key as 8 little-endian words
     * @param counter the 32-bit block counter
     * @param nonce0 the first nonce word (nonce bytes 0..3, little-endian)
     * @param nonce1 the second nonce word (nonce bytes 4..7)
     * @param nonce2 the third nonce word (nonce bytes 8..11)
     * @param out receives the 16 words, from index 0
     */
    static void block(int[] key, int counter, int nonce0, int nonce1, int nonce2, int[] out) {
        int k0 = key[0], k1 = key[1], k2 = key[2], k3 = key[3];
        int k4 = key[4], k5 = key[5], k6 = key[6], k7 = key[7];
        int x0 = C0, x1 = C1, x2 = C2, x3 = C3;
        int x4 = k0, x5 = k1, x6 = k2, x7 = k3;
        int x8 = k4, x9 = k5, x10 = k6, x11 = k7;
        int x12 = counter, x13 = nonce0, x14 = nonce1, x15 = nonce2;
        for (int round = 0; round < 10; round++) {
            // column rounds
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // diagonal rounds
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        out[0] = x0 + C0;
        out[1] = x1 + C1;
        out[2] = x2 + C2;
        out[3] = x3 + C3;
        out[4] = x4 + k0;
        out[5] = x5 + k1;
        out[6] = x6 + k2;
        out[7] = x7 + k3;
        out[8] = x8 + k4;
        out[9] = x9 + k5;
        out[10] = x10 + k6;
        out[11] = x11 + k7;
        out[12] = x12 + counter;
        out[13] = x13 + nonce0;
        out[14] = x14 + nonce1;
        out[15] = x15 + nonce2;
    }

    static int littleEndianInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void putLittleEndianInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
