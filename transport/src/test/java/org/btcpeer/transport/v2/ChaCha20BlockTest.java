package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The hand-written ChaCha20 block function against RFC 8439 and against the JDK's ChaCha20 keystream. */
class ChaCha20BlockTest {

    @Test
    void rfc8439Section232() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] nonce = Bip324Vectors.hex("000000090000004a00000000");
        byte[] out = new byte[64];
        block(key, nonce, 1, out);
        assertEquals("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e", Bip324Vectors.hex(out));
    }

    @Test
    void matchesTheJdkKeystream() throws Exception {
        SplittableRandom random = new SplittableRandom(8439);
        Cipher jdk = Cipher.getInstance("ChaCha20");
        for (int i = 0; i < 50; i++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            random.nextBytes(key);
            random.nextBytes(nonce);
            int counter = i < 2 ? i : random.nextInt();
            // DECRYPT mode of zeros is the pure keystream (the JDK only refuses key/nonce reuse when encrypting).
            jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
            byte[] expected = jdk.doFinal(new byte[64]);
            byte[] out = new byte[64];
            block(key, nonce, counter, out);
            assertArrayEquals(expected, out);
        }
    }

    private static void block(byte[] key, byte[] nonce, int counter, byte[] out) {
        int[] words = new int[8];
        ChaCha20Block.keyWords(key, 0, words);
        ChaCha20Block.block(words, counter, ChaCha20Block.littleEndianInt(nonce, 0),
                ChaCha20Block.littleEndianInt(nonce, 4), ChaCha20Block.littleEndianInt(nonce, 8), out, 0);
    }
}
