package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link FSChaCha20Poly1305} against the BIP-324 pseudocode taken literally (a fresh JDK AEAD per
 * message, and rekeying by AEAD-encrypting 32 zero bytes), across several rekeys.
 */
class FSChaCha20Poly1305Test {

    /** The BIP's class, literally. */
    private static final class Reference {
        private byte[] key;
        private long packetCounter;

        Reference(byte[] key) {
            this.key = key.clone();
        }

        private static byte[] aead(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws Exception {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        }

        byte[] encrypt(byte[] aad, byte[] plaintext) throws Exception {
            byte[] nonce = new byte[12];
            long index = packetCounter % 224;
            long rekeys = packetCounter / 224;
            for (int i = 0; i < 4; i++) {
                nonce[i] = (byte) (index >>> (8 * i));
            }
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (byte) (rekeys >>> (8 * i));
            }
            byte[] ret = aead(key, nonce, aad, plaintext);
            if ((packetCounter + 1) % 224 == 0) {
                byte[] rekeyNonce = nonce.clone();
                Arrays.fill(rekeyNonce, 0, 4, (byte) 0xff);
                key = Arrays.copyOf(aead(key, rekeyNonce, new byte[0], new byte[32]), 32);
            }
            packetCounter++;
            return ret;
        }
    }

    @Test
    void matchesTheReferenceAcrossRekeysAndDecrypts() throws Exception {
        SplittableRandom random = new SplittableRandom(1305);
        byte[] key = new byte[32];
        random.nextBytes(key);
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key);
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key);
        Reference reference = new Reference(key);
        for (int i = 0; i < 700; i++) {
            // both engines, the plain-Java one up to SMALL_MESSAGE_LIMIT and the JDK's above, and the edge
            int limit = FSChaCha20Poly1305.SMALL_MESSAGE_LIMIT;
            byte[] plaintext = new byte[i % 10 == 0 ? limit - 1 + i % 3 : random.nextInt(0, 3 * limit)];
            random.nextBytes(plaintext);
            byte[] aad = new byte[i % 7 == 0 ? random.nextInt(1, 50) : 0];
            random.nextBytes(aad);
            byte[] out = new byte[plaintext.length + 16];
            int split = Math.min(plaintext.length, i % 15);
            if (i % 2 == 0) {
                assertEquals(out.length, sender.encrypt(aad, plaintext, split, plaintext, split, plaintext.length - split, out, 0));
            } else {
                assertEquals(out.length, sender.encrypt(aad, plaintext, 0, plaintext.length, out, 0));
            }
            assertArrayEquals(reference.encrypt(aad, plaintext), out, "message " + i);
            byte[] back = new byte[plaintext.length];
            assertEquals(plaintext.length, receiver.decrypt(aad, out, 0, out.length, back, 0));
            assertArrayEquals(plaintext, back);
        }
        assertEquals(700, sender.packetCounter());
    }

    @Test
    void largeMessagesEncryptedInPiecesMatchTheOneShotReference() throws Exception {
        SplittableRandom random = new SplittableRandom(16384);
        byte[] key = new byte[32];
        random.nextBytes(key);
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key);
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key);
        Reference reference = new Reference(key);
        int chunk = FSChaCha20Poly1305.ENCRYPT_CHUNK;
        int[] lengths = {chunk - 1, chunk, chunk + 1, 3 * chunk + 5, 200_000};
        int i = 0;
        for (int length : lengths) {
            for (int prefixLength : new int[] {0, 1, 3}) {
                for (boolean inPlace : new boolean[] {false, true}) {
                    byte[] plaintext = new byte[prefixLength + length];
                    random.nextBytes(plaintext);
                    byte[] aad = new byte[i++ % 2 == 0 ? 0 : 37];
                    random.nextBytes(aad);
                    byte[] prefix = Arrays.copyOf(plaintext, prefixLength);
                    int outOffset = 5;
                    byte[] out = new byte[outOffset + plaintext.length + 16];
                    byte[] rest;
                    int restOffset;
                    if (inPlace) { // the rest already sits where its ciphertext goes, as V2FrameEncoder does
                        rest = out;
                        restOffset = outOffset + prefixLength;
                        System.arraycopy(plaintext, prefixLength, out, restOffset, length);
                    } else {
                        rest = Arrays.copyOfRange(plaintext, prefixLength - 1 < 0 ? 0 : prefixLength - 1, plaintext.length);
                        restOffset = prefixLength == 0 ? 0 : 1;
                    }
                    assertEquals(plaintext.length + 16, sender.encrypt(aad, 0, aad.length, prefix, prefixLength, rest,
                            restOffset, length, out, outOffset));
                    String what = length + " bytes after a " + prefixLength + "-byte prefix" + (inPlace ? ", in place" : "");
                    assertArrayEquals(reference.encrypt(aad, plaintext), Arrays.copyOfRange(out, outOffset, out.length), what);
                    byte[] back = new byte[plaintext.length];
                    assertEquals(plaintext.length, receiver.decrypt(aad, out, outOffset, plaintext.length + 16, back, 0));
                    assertArrayEquals(plaintext, back, what);
                }
            }
        }
    }

    @Test
    void aBadTagIsATypedExceptionAndWritesNothing() {
        byte[] key = new byte[32];
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key);
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key);
        byte[] ct = new byte[10 + 16];
        sender.encrypt(null, new byte[10], 0, 10, ct, 0);
        ct[25] ^= 1;
        byte[] out = new byte[10];
        Arrays.fill(out, (byte) 0x5a);
        V2CryptoException e = assertThrows(V2CryptoException.class, () -> receiver.decrypt(null, ct, 0, ct.length, out, 0));
        assertEquals("BIP-324 packet 0 failed authentication", e.getMessage());
        byte[] untouched = new byte[10];
        Arrays.fill(untouched, (byte) 0x5a);
        assertArrayEquals(untouched, out);
        assertThrows(IllegalArgumentException.class, () -> receiver.decrypt(null, ct, 0, 15, out, 0));
    }

    @Test
    void aForgedMessageOnEitherEngineWritesNothingAndStillAdvancesTheCounter() throws Exception {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key);
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key);
        int limit = FSChaCha20Poly1305.SMALL_MESSAGE_LIMIT;
        for (int length : new int[] {10, limit, limit + 1, 5000}) { // plain-Java engine, then the JDK's
            byte[] ct = new byte[length + 16];
            sender.encrypt(null, new byte[length], 0, length, ct, 0);
            ct[length / 2] ^= 0x20;
            byte[] out = new byte[length];
            Arrays.fill(out, (byte) 0x5a);
            long counter = receiver.packetCounter();
            assertThrows(V2CryptoException.class, () -> receiver.decrypt(null, ct, 0, ct.length, out, 0), "length " + length);
            for (byte b : out) {
                assertEquals((byte) 0x5a, b, "nothing written for a forged " + length + "-byte message");
            }
            assertEquals(counter + 1, receiver.packetCounter(), "the nonce is never reused");
        }
    }

    @Test
    void aTooSmallOutputIsRejectedBeforeTheCounterAdvances() throws Exception {
        byte[] key = new byte[32];
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key);
        assertThrows(IndexOutOfBoundsException.class, () -> sender.encrypt(null, new byte[10], 0, 10, new byte[25], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> sender.encrypt(null, new byte[1], 1, new byte[10], 0, 10, new byte[26], 0));
        assertEquals(0, sender.packetCounter());
        byte[] ct = new byte[26];
        sender.encrypt(null, new byte[10], 0, 10, ct, 0);
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key);
        assertThrows(IndexOutOfBoundsException.class, () -> receiver.decrypt(null, ct, 0, 26, new byte[9], 0));
        assertEquals(0, receiver.packetCounter());
        assertEquals(10, receiver.decrypt(null, ct, 0, 26, new byte[10], 0));
    }

    @Test
    void streamedAadOpensAMessageOfAnySizeSealedWithTheWholeAad() throws Exception {
        SplittableRandom random = new SplittableRandom(16);
        byte[] key = new byte[32];
        random.nextBytes(key);
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key);
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key);
        // above SMALL_MESSAGE_LIMIT the sender uses the JDK's cipher, the streamed receiver plain Java
        for (int length : new int[] {0, 1, FSChaCha20Poly1305.SMALL_MESSAGE_LIMIT + 1, 5000}) {
            byte[] aad = new byte[random.nextInt(0, 4096)];
            random.nextBytes(aad);
            byte[] plaintext = new byte[length];
            random.nextBytes(plaintext);
            byte[] sealed = new byte[length + 16];
            sender.encrypt(aad, plaintext, 0, length, sealed, 0);
            receiver.beginAad();
            int half = aad.length / 2;
            receiver.updateAad(aad, 0, half);
            receiver.updateAad(aad, half, aad.length - half);
            byte[] back = new byte[length];
            assertEquals(length, receiver.decrypt(null, sealed, 0, sealed.length, back, 0));
            assertArrayEquals(plaintext, back, "length " + length);
        }
        receiver.beginAad();
        assertThrows(IllegalStateException.class, () -> receiver.decrypt(new byte[0], new byte[16], 0, 16, new byte[0], 0));
    }
}
