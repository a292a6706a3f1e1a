package org.btcpeer.transport.v2;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A ChaCha20 keystream as a random generator, keyed once with 32 bytes from a strong source: what
 * Bitcoin Core's {@code FastRandomContext} is, and what Core draws BIP-324 garbage from
 * ({@code GenerateRandomGarbage}). The garbage is sent in the clear and only has to look random, so
 * it need not cost an operating-system RNG call per byte; up to 4 KB of it per handshake made
 * {@code SecureRandom} ({@code NativePRNG}) the top frame of a server accepting v2 peers. Keys and the
 * ElligatorSwift randomness stay on the strong source.
 *
 * <p>The keystream uses a zero nonce and a 64-bit block counter (its low word in the counter, its
 * high word in the first nonce word), so it does not repeat within 2<sup>70</sup> bytes.
 * {@link #nextBytes(byte[], int, int)} writes keystream straight into the caller's array, whole
 * blocks at a time; a partly used block is discarded, never reused. Not thread-safe; one per
 * handshake.
 */
final class FastRandom implements RandomGenerator {

    private static final int WORDS = 16;

    private final int[] key = new int[8];
    private final int[] block = new int[WORDS];
    private int nextWord = WORDS; // none buffered
    private long blockCounter;

    private FastRandom() {
    }

    /**
     * A generator keyed with 32 bytes of {@code strong}.
     *
     * @param strong the source of the key (a {@link java.security.SecureRandom} outside tests)
     * @return the generator
     */
    static FastRandom seededFrom(RandomGenerator strong) {
        Objects.requireNonNull(strong, "strong");
        FastRandom fast = new FastRandom();
        byte[] seed = new byte[32];
        strong.nextBytes(seed);
        ChaCha20Block.keyWords(seed, 0, fast.key);
        Arrays.fill(seed, (byte) 0);
        return fast;
    }

    @Override
    public long nextLong() {
        return (nextInt() & 0xffffffffL) | (long) nextInt() << 32;
    }

    @Override
    public int nextInt() {
        if (nextWord == WORDS) {
            refill();
            nextWord = 0;
        }
        int word = block[nextWord];
        block[nextWord++] = 0;
        return word;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        nextBytes(bytes, 0, bytes.length);
    }

    /**
     * Fills {@code out[offset .. offset+length)} with keystream, written in place.
     *
     * @param out the destination
     * @param offset where to start
     * @param length how many bytes
     */
    void nextBytes(byte[] out, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, out.length);
        while (length > 0) {
            refill();
            int n = Math.min(ChaCha20Block.BLOCK_LENGTH, length);
            int words = n >>> 2;
            for (int i = 0; i < words; i++) {
                ChaCha20Block.putLittleEndianInt(out, offset + 4 * i, block[i]);
            }
            for (int i = words << 2; i < n; i++) {
                out[offset + i] = (byte) (block[i >>> 2] >>> ((i & 3) << 3));
            }
            offset += n;
            length -= n;
        }
        Arrays.fill(block, 0);
        nextWord = WORDS; // the rest of the last block is dropped
    }

    private void refill() {
        long counter = blockCounter++;
        ChaCha20Block.block(key, (int) counter, (int) (counter >>> 32), 0, 0, block);
    }
}
