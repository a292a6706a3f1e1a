package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

/**
 * {@link FastRandom}, the garbage generator: its output is the ChaCha20 keystream of its seed (RFC 8439
 * / RFC 7539 Appendix A.1 test vectors 1 and 2: all-zero key and nonce, blocks 0 and 1), written in
 * place at any offset, never repeating a block.
 */
class FastRandomTest {

    /** ChaCha20 block 0 and block 1 under the all-zero key and nonce (RFC 7539 A.1, vectors #1 and #2). */
    private static final byte[] ZERO_KEY_BLOCKS = HexFormat.of().parseHex(
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                    + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"
                    + "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
                    + "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");

    /** A "strong" source that gives zeros, so the key is the RFC's all-zero key. */
    private static final RandomGenerator ZEROS = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0);
        }
    };

    @Test
    void bytesAreTheChaCha20KeystreamOfTheSeedWrittenInPlace() {
        byte[] out = new byte[3 + 100 + 5];
        Arrays.fill(out, (byte) 0x5a);
        FastRandom.seededFrom(ZEROS).nextBytes(out, 3, 100);
        assertArrayEquals(Arrays.copyOf(ZERO_KEY_BLOCKS, 100), Arrays.copyOfRange(out, 3, 103));
        for (int i : new int[] {0, 1, 2, 103, 104, 105, 106, 107}) {
            assertEquals((byte) 0x5a, out[i], "byte " + i + " outside the range is untouched");
        }
    }

    @Test
    void aPartlyUsedBlockIsDroppedNotReused() {
        FastRandom fast = FastRandom.seededFrom(ZEROS);
        byte[] first = new byte[10];
        fast.nextBytes(first, 0, 10); // block 0, the rest dropped
        byte[] second = new byte[4];
        fast.nextBytes(second, 0, 4); // block 1
        assertArrayEquals(Arrays.copyOfRange(ZERO_KEY_BLOCKS, 64, 68), second);
        // words come from the next block (2) on, never from block 0 or 1 again
        int word = fast.nextInt();
        assertNotEquals(ChaCha20Block.littleEndianInt(ZERO_KEY_BLOCKS, 0), word);
        assertNotEquals(ChaCha20Block.littleEndianInt(ZERO_KEY_BLOCKS, 64), word);
    }

    @Test
    void wordsAreTheKeystreamInOrder() {
        FastRandom fast = FastRandom.seededFrom(ZEROS);
        for (int i = 0; i < 32; i++) { // crosses from block 0 into block 1
            assertEquals(ChaCha20Block.littleEndianInt(ZERO_KEY_BLOCKS, 4 * i), fast.nextInt(), "word " + i);
        }
    }

    @Test
    void theSeedDecidesEverything() {
        byte[] a = new byte[4095];
        byte[] b = new byte[4095];
        byte[] c = new byte[4095];
        FastRandom.seededFrom(new SplittableRandom(1)).nextBytes(a, 0, a.length);
        FastRandom.seededFrom(new SplittableRandom(1)).nextBytes(b, 0, b.length);
        FastRandom.seededFrom(new SplittableRandom(2)).nextBytes(c, 0, c.length);
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
    }
}
