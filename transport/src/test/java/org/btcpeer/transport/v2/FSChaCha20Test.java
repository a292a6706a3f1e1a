package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link FSChaCha20} against a literal transcription of the BIP-324 {@code FSChaCha20} pseudocode whose
 * keystream blocks come from the JDK's ChaCha20 cipher, across many rekeys.
 */
class FSChaCha20Test {

    /** The BIP's class, line by line: a keystream byte queue, a block counter and a chunk counter. */
    private static final class Reference {
        private byte[] key;
        private int blockCounter;
        private long chunkCounter;
        private final ArrayDeque<Byte> keystream = new ArrayDeque<>();

        Reference(byte[] key) {
            this.key = key.clone();
        }

        private byte[] keystreamBytes(int n) throws Exception {
            while (keystream.size() < n) {
                byte[] nonce = new byte[12];
                long rekeys = chunkCounter / 224;
                for (int i = 0; i < 8; i++) {
                    nonce[4 + i] = (byte) (rekeys >>> (8 * i));
                }
                Cipher jdk = Cipher.getInstance("ChaCha20");
                jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, blockCounter));
                for (byte b : jdk.doFinal(new byte[64])) {
                    keystream.add(b);
                }
                blockCounter++;
            }
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = keystream.poll();
            }
            return out;
        }

        byte[] crypt(byte[] chunk) throws Exception {
            byte[] ks = keystreamBytes(chunk.length);
            byte[] out = new byte[chunk.length];
            for (int i = 0; i < chunk.length; i++) {
                out[i] = (byte) (ks[i] ^ chunk[i]);
            }
            if ((chunkCounter + 1) % 224 == 0) {
                key = keystreamBytes(32);
                blockCounter = 0;
            }
            chunkCounter++;
            return out;
        }
    }

    @Test
    void threeByteChunksMatchTheReferenceAcrossRekeys() throws Exception {
        compare(new SplittableRandom(3), 1000, true);
    }

    @Test
    void chunksOfAnyLengthMatchTheReference() throws Exception {
        compare(new SplittableRandom(5), 700, false);
    }

    private static void compare(SplittableRandom random, int chunks, boolean threeBytes) throws Exception {
        byte[] key = new byte[32];
        random.nextBytes(key);
        FSChaCha20 cipher = new FSChaCha20(key);
        FSChaCha20 decipher = new FSChaCha20(key);
        Reference reference = new Reference(key);
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = new byte[threeBytes ? 3 : random.nextInt(0, 100)];
            random.nextBytes(chunk);
            byte[] out = new byte[chunk.length];
            cipher.crypt(chunk, 0, out, 0, chunk.length);
            assertArrayEquals(reference.crypt(chunk), out, "chunk " + i);
            decipher.crypt(out, 0, out, 0, out.length); // in place
            assertArrayEquals(chunk, out, "decryption of chunk " + i);
        }
        assertEquals(chunks, cipher.chunkCounter());
    }

    @Test
    void rejectsWrongKeyLength() {
        assertThrows(IllegalArgumentException.class, () -> new FSChaCha20(new byte[31]));
    }
}
