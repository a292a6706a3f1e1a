package org.btcpeer.transport.v2;

import static org.btcpeer.transport.v2.Poly1305Test.rfcHex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ChaCha20Poly1305} against the RFC 8439 AEAD vectors (section 2.8.2 and Appendix A.5, hex as
 * printed in the RFC) and, differentially, against the JDK's {@code ChaCha20-Poly1305} for every
 * length up to 600 bytes and random ones up to 70,000, with prefixes, associated data, in place and
 * out of place; and its rejection of every tampered input without writing anything.
 */
class ChaCha20Poly1305Test {

    record AeadVector(String name, String key, String nonce, String aad, String plaintext, String ciphertext,
                      String tag) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<AeadVector> VECTORS = List.of(
            new AeadVector("RFC 8439 2.8.2",
                    """
                    80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f
                    90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f
                    """,
                    // the 32-bit fixed-common part 07 00 00 00, then the IV
                    "07 00 00 00" + "40 41 42 43 44 45 46 47",
                    "50 51 52 53 c0 c1 c2 c3 c4 c5 c6 c7",
                    """
                    4c 61 64 69 65 73 20 61 6e 64 20 47 65 6e 74 6c
                    65 6d 65 6e 20 6f 66 20 74 68 65 20 63 6c 61 73
                    73 20 6f 66 20 27 39 39 3a 20 49 66 20 49 20 63
                    6f 75 6c 64 20 6f 66 66 65 72 20 79 6f 75 20 6f
                    6e 6c 79 20 6f 6e 65 20 74 69 70 20 66 6f 72 20
                    74 68 65 20 66 75 74 75 72 65 2c 20 73 75 6e 73
                    63 72 65 65 6e 20 77 6f 75 6c 64 20 62 65 20 69
                    74 2e
                    """,
                    """
                    d3 1a 8d 34 64 8e 60 db 7b 86 af bc 53 ef 7e c2
                    a4 ad ed 51 29 6e 08 fe a9 e2 b5 a7 36 ee 62 d6
                    3d be a4 5e 8c a9 67 12 82 fa fb 69 da 92 72 8b
                    1a 71 de 0a 9e 06 0b 29 05 d6 a5 b6 7e cd 3b 36
                    92 dd bd 7f 2d 77 8b 8c 98 03 ae e3 28 09 1b 58
                    fa b3 24 e4 fa d6 75 94 55 85 80 8b 48 31 d7 bc
                    3f f4 de f0 8e 4b 7a 9d e5 76 d2 65 86 ce c6 4b
                    61 16
                    """,
                    "1a:e1:0b:59:4f:09:e2:6a:7e:90:2e:cb:d0:60:06:91"),
            new AeadVector("RFC 8439 A.5",
                    """
                    1c 92 40 a5 eb 55 d3 8a f3 33 88 86 04 f6 b5 f0
                    47 39 17 c1 40 2b 80 09 9d ca 5c bc 20 70 75 c0
                    """,
                    "00 00 00 00 01 02 03 04 05 06 07 08",
                    "f3 33 88 86 00 00 00 00 00 00 4e 91",
                    """
                    49 6e 74 65 72 6e 65 74 2d 44 72 61 66 74 73 20
                    61 72 65 20 64 72 61 66 74 20 64 6f 63 75 6d 65
                    6e 74 73 20 76 61 6c 69 64 20 66 6f 72 20 61 20
                    6d 61 78 69 6d 75 6d 20 6f 66 20 73 69 78 20 6d
                    6f 6e 74 68 73 20 61 6e 64 20 6d 61 79 20 62 65
                    20 75 70 64 61 74 65 64 2c 20 72 65 70 6c 61 63
                    65 64 2c 20 6f 72 20 6f 62 73 6f 6c 65 74 65 64
                    20 62 79 20 6f 74 68 65 72 20 64 6f 63 75 6d 65
                    6e 74 73 20 61 74 20 61 6e 79 20 74 69 6d 65 2e
                    20 49 74 20 69 73 20 69 6e 61 70 70 72 6f 70 72
                    69 61 74 65 20 74 6f 20 75 73 65 20 49 6e 74 65
                    72 6e 65 74 2d 44 72 61 66 74 73 20 61 73 20 72
                    65 66 65 72 65 6e 63 65 20 6d 61 74 65 72 69 61
                    6c 20 6f 72 20 74 6f 20 63 69 74 65 20 74 68 65
                    6d 20 6f 74 68 65 72 20 74 68 61 6e 20 61 73 20
                    2f e2 80 9c 77 6f 72 6b 20 69 6e 20 70 72 6f 67
                    72 65 73 73 2e 2f e2 80 9d
                    """,
                    """
                    64 a0 86 15 75 86 1a f4 60 f0 62 c7 9b e6 43 bd
                    5e 80 5c fd 34 5c f3 89 f1 08 67 0a c7 6c 8c b2
                    4c 6c fc 18 75 5d 43 ee a0 9e e9 4e 38 2d 26 b0
                    bd b7 b7 3c 32 1b 01 00 d4 f0 3b 7f 35 58 94 cf
                    33 2f 83 0e 71 0b 97 ce 98 c8 a8 4a bd 0b 94 81
                    14 ad 17 6e 00 8d 33 bd 60 f9 82 b1 ff 37 c8 55
                    97 97 a0 6e f4 f0 ef 61 c1 86 32 4e 2b 35 06 38
                    36 06 90 7b 6a 7c 02 b0 f9 f6 15 7b 53 c8 67 e4
                    b9 16 6c 76 7b 80 4d 46 a5 9b 52 16 cd e7 a4 e9
                    90 40 c5 a4 04 33 22 5e e2 82 a1 b0 a0 6c 52 3e
                    af 45 34 d7 f8 3f a1 15 5b 00 47 71 8c bc 54 6a
                    0d 07 2b 04 b3 56 4e ea 1b 42 22 73 f5 48 27 1a
                    0b b2 31 60 53 fa 76 99 19 55 eb d6 31 59 43 4e
                    ce bb 4e 46 6d ae 5a 10 73 a6 72 76 27 09 7a 10
                    49 e6 17 d9 1d 36 10 94 fa 68 f0 ff 77 98 71 30
                    30 5b ea ba 2e da 04 df 99 7b 71 4d 6c 6f 2c 29
                    a6 ad 5c b4 02 2b 02 70 9b
                    """,
                    "ee ad 9d 67 89 0c bb 22 39 23 36 fe a1 85 1f 38"));

    static Stream<AeadVector> vectors() {
        return VECTORS.stream();
    }

    // ---------------------------------------------------------------- helpers

    private static int[] nonceWords(byte[] nonce) {
        return new int[] {ChaCha20Block.littleEndianInt(nonce, 0), ChaCha20Block.littleEndianInt(nonce, 4),
            ChaCha20Block.littleEndianInt(nonce, 8)};
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * Seals {@code plaintext} split as prefix (its first {@code prefixLength} bytes) and payload, in
     * place or not, at odd offsets in arrays with random surroundings; checks the return value and that
     * nothing outside the output range was touched; returns ciphertext || tag.
     */
    private static byte[] seal(ChaCha20Poly1305 aead, byte[] nonce, byte[] aad, byte[] plaintext, int prefixLength,
                               boolean inPlace, SplittableRandom random) {
        int[] n = nonceWords(nonce);
        byte[] prefix = prefixLength == 0 && random.nextBoolean() ? null : Arrays.copyOf(plaintext, prefixLength);
        int length = plaintext.length - prefixLength;
        int outOffset = random.nextInt(9);
        byte[] out = new byte[outOffset + plaintext.length + 16 + random.nextInt(9)];
        random.nextBytes(out);
        byte[] before = out.clone();
        int written;
        if (inPlace) {
            System.arraycopy(plaintext, prefixLength, out, outOffset + prefixLength, length);
            before = out.clone();
            written = aead.seal(n[0], n[1], n[2], aad, prefix, prefixLength, out, outOffset + prefixLength, length,
                    out, outOffset);
        } else {
            int inOffset = random.nextInt(9);
            byte[] in = new byte[inOffset + length + random.nextInt(9)];
            random.nextBytes(in);
            System.arraycopy(plaintext, prefixLength, in, inOffset, length);
            byte[] inBefore = in.clone();
            written = aead.seal(n[0], n[1], n[2], aad, prefix, prefixLength, in, inOffset, length, out, outOffset);
            assertArrayEquals(inBefore, in, "seal modified its input");
        }
        assertEquals(plaintext.length + 16, written);
        int end = outOffset + written;
        assertArrayEquals(Arrays.copyOfRange(before, 0, outOffset), Arrays.copyOfRange(out, 0, outOffset));
        assertArrayEquals(Arrays.copyOfRange(before, end, before.length), Arrays.copyOfRange(out, end, out.length));
        return Arrays.copyOfRange(out, outOffset, end);
    }

    /** Opens {@code sealed} in place or not, at odd offsets; returns the plaintext or null on failure. */
    private static byte[] open(ChaCha20Poly1305 aead, byte[] nonce, byte[] aad, byte[] sealed, boolean inPlace,
                               SplittableRandom random) {
        int[] n = nonceWords(nonce);
        int inOffset = random.nextInt(9);
        byte[] in = new byte[inOffset + sealed.length + random.nextInt(9)];
        random.nextBytes(in);
        System.arraycopy(sealed, 0, in, inOffset, sealed.length);
        byte[] inBefore = in.clone();
        int plaintextLength = sealed.length - 16;
        if (inPlace) {
            boolean ok = aead.open(n[0], n[1], n[2], aad, in, inOffset, sealed.length, in, inOffset);
            if (!ok) {
                assertArrayEquals(inBefore, in, "a failed in-place open wrote something");
                return null;
            }
            assertArrayEquals(Arrays.copyOfRange(inBefore, 0, inOffset), Arrays.copyOfRange(in, 0, inOffset));
            assertArrayEquals(Arrays.copyOfRange(inBefore, inOffset + plaintextLength, in.length),
                    Arrays.copyOfRange(in, inOffset + plaintextLength, in.length));
            return Arrays.copyOfRange(in, inOffset, inOffset + plaintextLength);
        }
        int outOffset = random.nextInt(9);
        byte[] out = new byte[outOffset + plaintextLength + random.nextInt(9)];
        random.nextBytes(out);
        byte[] outBefore = out.clone();
        boolean ok = aead.open(n[0], n[1], n[2], aad, in, inOffset, sealed.length, out, outOffset);
        assertArrayEquals(inBefore, in, "open modified its input");
        if (!ok) {
            assertArrayEquals(outBefore, out, "a failed open wrote something");
            return null;
        }
        int end = outOffset + plaintextLength;
        assertArrayEquals(Arrays.copyOfRange(outBefore, 0, outOffset), Arrays.copyOfRange(out, 0, outOffset));
        assertArrayEquals(Arrays.copyOfRange(outBefore, end, out.length), Arrays.copyOfRange(out, end, out.length));
        return Arrays.copyOfRange(out, outOffset, end);
    }

    private static ChaCha20Poly1305 keyed(byte[] key) {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        aead.setKey(key);
        return aead;
    }

    private static byte[] jdkSeal(Cipher jdk, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws Exception {
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        if (aad != null) {
            jdk.updateAAD(aad);
        }
        return jdk.doFinal(plaintext);
    }

    // ---------------------------------------------------------------- RFC vectors

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void sealsTheRfcVectorWithEveryPrefixSplit(AeadVector v) {
        byte[] expected = concat(rfcHex(v.ciphertext()), rfcHex(v.tag()));
        byte[] plaintext = rfcHex(v.plaintext());
        ChaCha20Poly1305 aead = keyed(rfcHex(v.key()));
        SplittableRandom random = new SplittableRandom(7);
        for (int prefixLength = 0; prefixLength <= 14; prefixLength++) {
            for (boolean inPlace : new boolean[] {false, true}) {
                byte[] sealed = seal(aead, rfcHex(v.nonce()), rfcHex(v.aad()), plaintext, prefixLength, inPlace, random);
                assertEquals(Bip324Vectors.hex(expected), Bip324Vectors.hex(sealed),
                        "prefix " + prefixLength + (inPlace ? " in place" : " out of place"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void opensTheRfcVector(AeadVector v) {
        byte[] sealed = concat(rfcHex(v.ciphertext()), rfcHex(v.tag()));
        ChaCha20Poly1305 aead = keyed(rfcHex(v.key()));
        SplittableRandom random = new SplittableRandom(8);
        for (boolean inPlace : new boolean[] {false, true}) {
            byte[] plaintext = open(aead, rfcHex(v.nonce()), rfcHex(v.aad()), sealed, inPlace, random);
            assertEquals(Bip324Vectors.hex(rfcHex(v.plaintext())), plaintext == null ? "rejected" : Bip324Vectors.hex(plaintext));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theJdkAgreesWithTheRfcVector(AeadVector v) throws Exception {
        // guards the hex fixtures: an independent implementation must produce them too
        byte[] sealed = jdkSeal(Cipher.getInstance("ChaCha20-Poly1305"), rfcHex(v.key()), rfcHex(v.nonce()),
                rfcHex(v.aad()), rfcHex(v.plaintext()));
        assertEquals(Bip324Vectors.hex(concat(rfcHex(v.ciphertext()), rfcHex(v.tag()))), Bip324Vectors.hex(sealed));
    }

    @Test
    void blockZeroWordsAreTheRfcOneTimeKeys() {
        // RFC 8439 2.6.2, and the one-time key printed in A.5: the first 32 bytes of block 0
        record KeyGen(String key, String nonce, String oneTimeKey) { }
        List<KeyGen> cases = List.of(
                new KeyGen("""
                        80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f
                        90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f
                        """,
                        "00 00 00 00 00 01 02 03 04 05 06 07",
                        """
                        8a d5 a0 8b 90 5f 81 cc 81 50 40 27 4a b2 94 71
                        a8 33 b6 37 e3 fd 0d a5 08 db b8 e2 fd d1 a6 46
                        """),
                new KeyGen(VECTORS.get(1).key(), VECTORS.get(1).nonce(), """
                        bd f0 4a a9 5c e4 de 89 95 b1 4b b6 a1 8f ec af
                        26 47 8f 50 c0 54 f5 63 db c0 a2 1e 26 15 72 aa
                        """));
        for (KeyGen c : cases) {
            int[] key = new int[8];
            ChaCha20Block.keyWords(rfcHex(c.key()), 0, key);
            int[] n = nonceWords(rfcHex(c.nonce()));
            int[] words = new int[16];
            ChaCha20Block.block(key, 0, n[0], n[1], n[2], words);
            byte[] bytes = new byte[32];
            for (int i = 0; i < 8; i++) {
                ChaCha20Block.putLittleEndianInt(bytes, 4 * i, words[i]);
            }
            assertEquals(Bip324Vectors.hex(rfcHex(c.oneTimeKey())), Bip324Vectors.hex(bytes));
        }
    }

    @Test
    void blockWordsEqualTheByteBlock() {
        SplittableRandom random = new SplittableRandom(64);
        for (int trial = 0; trial < 200; trial++) {
            int[] key = new int[8];
            for (int i = 0; i < 8; i++) {
                key[i] = random.nextInt();
            }
            int counter = random.nextInt();
            int n0 = random.nextInt();
            int n1 = random.nextInt();
            int n2 = random.nextInt();
            byte[] expected = new byte[64];
            ChaCha20Block.block(key, counter, n0, n1, n2, expected, 0);
            int[] words = new int[16];
            ChaCha20Block.block(key, counter, n0, n1, n2, words);
            byte[] actual = new byte[64];
            for (int i = 0; i < 16; i++) {
                ChaCha20Block.putLittleEndianInt(actual, 4 * i, words[i]);
            }
            assertArrayEquals(expected, actual);
        }
    }

    // ---------------------------------------------------------------- against the JDK

    @Test
    void matchesTheJdkForEveryLengthUpTo600AndRandomLargerOnes() throws Exception {
        SplittableRandom random = new SplittableRandom(8439);
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(); // one instance, rekeyed every message
        int[] lengths = new int[601 + 40];
        for (int i = 0; i <= 600; i++) {
            lengths[i] = i;
        }
        for (int i = 601; i < lengths.length; i++) {
            lengths[i] = 601 + random.nextInt(70_000 - 601 + 1);
        }
        lengths[lengths.length - 1] = 70_000;
        for (int length : lengths) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            random.nextBytes(key);
            random.nextBytes(nonce);
            int aadLength = random.nextInt(65);
            byte[] aad = aadLength == 0 && random.nextBoolean() ? null : new byte[aadLength];
            if (aad != null) {
                random.nextBytes(aad);
            }
            int prefixLength = random.nextInt(15);
            byte[] plaintext = new byte[prefixLength + length];
            random.nextBytes(plaintext);
            byte[] expected = jdkSeal(jdk, key, nonce, aad, plaintext);

            aead.setKey(key);
            boolean inPlace = random.nextBoolean();
            String what = "length " + length + ", prefix " + prefixLength + ", aad " + aadLength
                    + (inPlace ? ", in place" : ", out of place");
            byte[] sealed = seal(aead, nonce, aad, plaintext, prefixLength, inPlace, random);
            assertArrayEquals(expected, sealed, what);
            byte[] opened = open(aead, nonce, aad, expected, random.nextBoolean(), random);
            assertArrayEquals(plaintext, opened, what);
        }
    }

    @Test
    void longPrefixesSpanningSeveralBlocks() throws Exception {
        // the API allows any prefix length; BIP-324 uses 1 to 13 bytes, but the assembly of
        // prefix blocks must not depend on that
        SplittableRandom random = new SplittableRandom(130);
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        for (int prefixLength : new int[] {15, 63, 64, 65, 127, 128, 129, 200}) {
            for (int length : new int[] {0, 1, 63, 64, 65, 300}) {
                byte[] key = new byte[32];
                byte[] nonce = new byte[12];
                random.nextBytes(key);
                random.nextBytes(nonce);
                byte[] plaintext = new byte[prefixLength + length];
                random.nextBytes(plaintext);
                aead.setKey(key);
                for (boolean inPlace : new boolean[] {false, true}) {
                    assertArrayEquals(jdkSeal(jdk, key, nonce, null, plaintext),
                            seal(aead, nonce, null, plaintext, prefixLength, inPlace, random),
                            "prefix " + prefixLength + ", length " + length);
                    nonce[0]++; // the JDK refuses to encrypt twice under one key and nonce
                }
            }
        }
    }

    // ---------------------------------------------------------------- rejection

    private static final byte[] SAMPLE_KEY = rfcHex(VECTORS.get(0).key());
    private static final byte[] SAMPLE_NONCE = rfcHex("00 00 00 00 e0 00 00 00 00 00 00 00");
    private static final byte[] SAMPLE_AAD = rfcHex("0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16");

    private static byte[] samplePlaintext() {
        byte[] plaintext = new byte[45];
        for (int i = 0; i < plaintext.length; i++) {
            plaintext[i] = (byte) (3 * i + 1);
        }
        return plaintext;
    }

    @Test
    void rejectsEverySingleBitFlipOfCiphertextAndTagWithoutWriting() {
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        SplittableRandom random = new SplittableRandom(1);
        byte[] sealed = seal(aead, SAMPLE_NONCE, SAMPLE_AAD, samplePlaintext(), 1, false, random);
        assertArrayEquals(samplePlaintext(), open(aead, SAMPLE_NONCE, SAMPLE_AAD, sealed, false, random));
        int rejected = 0;
        for (int bit = 0; bit < 8 * sealed.length; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit >>> 3] ^= (byte) (1 << (bit & 7));
            // open() asserts that a failure leaves out (or, in place, the buffer) untouched
            assertNull(open(aead, SAMPLE_NONCE, SAMPLE_AAD, tampered, bit % 2 == 0, random), "bit " + bit);
            rejected++;
        }
        assertEquals(8 * (45 + 16), rejected);
        // the instance is still good afterwards
        assertArrayEquals(samplePlaintext(), open(aead, SAMPLE_NONCE, SAMPLE_AAD, sealed, true, random));
    }

    @Test
    void rejectsAWrongAadNonceOrLength() {
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        SplittableRandom random = new SplittableRandom(2);
        byte[] sealed = seal(aead, SAMPLE_NONCE, SAMPLE_AAD, samplePlaintext(), 0, false, random);
        for (int bit = 0; bit < 8 * SAMPLE_AAD.length; bit++) {
            byte[] aad = SAMPLE_AAD.clone();
            aad[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertNull(open(aead, SAMPLE_NONCE, aad, sealed, bit % 2 == 1, random), "aad bit " + bit);
        }
        assertNull(open(aead, SAMPLE_NONCE, Arrays.copyOf(SAMPLE_AAD, 12), sealed, false, random));
        assertNull(open(aead, SAMPLE_NONCE, concat(SAMPLE_AAD, new byte[1]), sealed, false, random));
        assertNull(open(aead, SAMPLE_NONCE, null, sealed, false, random));
        for (int bit = 0; bit < 96; bit++) {
            byte[] nonce = SAMPLE_NONCE.clone();
            nonce[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertNull(open(aead, nonce, SAMPLE_AAD, sealed, false, random), "nonce bit " + bit);
        }
        assertNull(open(aead, SAMPLE_NONCE, SAMPLE_AAD, Arrays.copyOf(sealed, sealed.length - 1), false, random));
        assertNull(open(aead, SAMPLE_NONCE, SAMPLE_AAD, Arrays.copyOfRange(sealed, 1, sealed.length), false,
                random));
        // under another key
        ChaCha20Poly1305 other = keyed(rfcHex(VECTORS.get(1).key()));
        assertNull(open(other, SAMPLE_NONCE, SAMPLE_AAD, sealed, false, random));
    }

    @Test
    void nullAadIsEmptyAad() {
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        SplittableRandom random = new SplittableRandom(3);
        byte[] withNull = seal(aead, SAMPLE_NONCE, null, samplePlaintext(), 0, false, random);
        byte[] withEmpty = seal(aead, SAMPLE_NONCE, new byte[0], samplePlaintext(), 0, true, random);
        assertArrayEquals(withNull, withEmpty);
        assertArrayEquals(samplePlaintext(), open(aead, SAMPLE_NONCE, new byte[0], withNull, false, random));
        assertArrayEquals(samplePlaintext(), open(aead, SAMPLE_NONCE, null, withEmpty, true, random));
    }

    @Test
    void emptyPlaintextIsJustATag() {
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        SplittableRandom random = new SplittableRandom(4);
        byte[] sealed = seal(aead, SAMPLE_NONCE, SAMPLE_AAD, new byte[0], 0, false, random);
        assertEquals(16, sealed.length);
        assertArrayEquals(new byte[0], open(aead, SAMPLE_NONCE, SAMPLE_AAD, sealed, false, random));
        sealed[15] ^= (byte) 0x80;
        assertNull(open(aead, SAMPLE_NONCE, SAMPLE_AAD, sealed, false, random));
    }

    @Test
    void setKeyReplacesTheKey() {
        SplittableRandom random = new SplittableRandom(5);
        byte[] otherKey = rfcHex(VECTORS.get(1).key());
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        aead.setKey(otherKey);
        byte[] sealed = seal(aead, SAMPLE_NONCE, null, samplePlaintext(), 0, false, random);
        assertArrayEquals(sealed, seal(keyed(otherKey), SAMPLE_NONCE, null, samplePlaintext(), 0, false, random));
        assertNull(open(keyed(SAMPLE_KEY), SAMPLE_NONCE, null, sealed, false, random));
    }

    // ---------------------------------------------------------------- misuse and hygiene

    @Test
    void rejectsBadArguments() {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        byte[] buf = new byte[100];
        assertThrows(IllegalStateException.class, () -> aead.seal(0, 0, 0, null, null, 0, buf, 0, 10, buf, 0));
        assertThrows(IllegalStateException.class, () -> aead.open(0, 0, 0, null, buf, 0, 20, buf, 0));
        assertThrows(IllegalArgumentException.class, () -> aead.setKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> aead.setKey(null));
        aead.setKey(SAMPLE_KEY);
        assertThrows(IllegalArgumentException.class, () -> aead.open(0, 0, 0, null, buf, 0, 15, buf, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.open(0, 0, 0, null, buf, 90, 20, buf, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.open(0, 0, 0, null, buf, 0, 20, new byte[3], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.seal(0, 0, 0, null, null, 0, buf, 0, 85, buf, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.seal(0, 0, 0, null, null, 0, buf, 95, 10, buf, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> aead.seal(0, 0, 0, null, new byte[2], 3, buf, 0, 10, new byte[200], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> aead.seal(0, 0, 0, null, new byte[2], -1, buf, 0, 10, new byte[200], 0));
        aead.clearKey();
        assertThrows(IllegalStateException.class, () -> aead.seal(0, 0, 0, null, null, 0, buf, 0, 10, buf, 0));
    }

    @Test
    void scratchIsWipedAfterEveryCall() throws Exception {
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        SplittableRandom random = new SplittableRandom(6);
        byte[] sealed = seal(aead, SAMPLE_NONCE, SAMPLE_AAD, samplePlaintext(), 5, true, random);
        assertScratchZero(aead);
        assertArrayEquals(samplePlaintext(), open(aead, SAMPLE_NONCE, SAMPLE_AAD, sealed, false, random));
        assertScratchZero(aead);
        sealed[0] ^= 1;
        assertNull(open(aead, SAMPLE_NONCE, SAMPLE_AAD, sealed, false, random));
        assertScratchZero(aead);
        aead.clearKey();
        Field key = ChaCha20Poly1305.class.getDeclaredField("key");
        key.setAccessible(true);
        assertArrayEquals(new int[8], (int[]) key.get(aead));
    }

    private static void assertScratchZero(ChaCha20Poly1305 aead) throws Exception {
        Field keystream = ChaCha20Poly1305.class.getDeclaredField("keystream");
        keystream.setAccessible(true);
        assertArrayEquals(new int[16], (int[]) keystream.get(aead));
        for (String name : new String[] {"head", "scratch"}) {
            Field f = ChaCha20Poly1305.class.getDeclaredField(name);
            f.setAccessible(true);
            byte[] b = (byte[]) f.get(aead);
            assertArrayEquals(new byte[b.length], b, name);
        }
    }

    @Test
    void openReportsSuccessOnlyWithTheRightTag() {
        // a tag that differs only in its last byte must fail: the comparison covers all 16 bytes
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        SplittableRandom random = new SplittableRandom(9);
        byte[] sealed = seal(aead, SAMPLE_NONCE, SAMPLE_AAD, samplePlaintext(), 0, false, random);
        for (int i = 0; i < 16; i++) {
            byte[] tampered = sealed.clone();
            tampered[sealed.length - 16 + i] ^= (byte) 0xff;
            assertFalse(aead.open(0, 0xe0, 0, SAMPLE_AAD, tampered, 0, tampered.length, new byte[45], 0), "tag byte " + i);
        }
        assertTrue(aead.open(0, 0xe0, 0, SAMPLE_AAD, sealed, 0, sealed.length, new byte[45], 0));
    }

    @Test
    void aadAsARangeOrInPiecesGivesTheSameTagAsWhole() {
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        SplittableRandom random = new SplittableRandom(324);
        for (int aadLength : new int[] {0, 1, 15, 16, 17, 100, 4095}) {
            byte[] aad = new byte[aadLength];
            random.nextBytes(aad);
            byte[] plaintext = new byte[random.nextInt(0, 300)];
            random.nextBytes(plaintext);
            byte[] whole = new byte[plaintext.length + 16];
            aead.seal(1, 2, 3, aad, null, 0, plaintext, 0, plaintext.length, whole, 0);
            // the same aad inside a larger array
            byte[] around = new byte[aadLength + 9];
            random.nextBytes(around);
            System.arraycopy(aad, 0, around, 5, aadLength);
            byte[] ranged = new byte[whole.length];
            aead.seal(1, 2, 3, around, 5, aadLength, null, 0, plaintext, 0, plaintext.length, ranged, 0);
            assertArrayEquals(whole, ranged, "aad of " + aadLength + " as a range");
            assertTrue(aead.open(1, 2, 3, around, 5, aadLength, ranged, 0, ranged.length, new byte[plaintext.length], 0));
            // the aad in random pieces, before the ciphertext arrives
            for (boolean tamper : new boolean[] {false, true}) {
                byte[] pieces = aad.clone();
                if (tamper && aadLength > 0) {
                    pieces[random.nextInt(aadLength)] ^= 0x01;
                }
                aead.beginAad(1, 2, 3);
                for (int at = 0; at < aadLength; ) {
                    int n = Math.min(aadLength - at, random.nextInt(0, 40));
                    aead.updateAad(pieces, at, n);
                    at += n;
                }
                byte[] back = new byte[plaintext.length];
                boolean ok = aead.open(1, 2, 3, null, whole, 0, whole.length, back, 0);
                assertEquals(!tamper || aadLength == 0, ok, "aad of " + aadLength + " in pieces, tampered " + tamper);
                if (ok) {
                    assertArrayEquals(plaintext, back);
                }
            }
        }
    }

    @Test
    void streamedAadBelongsToTheNextOpenWithTheSameNonceOnly() {
        ChaCha20Poly1305 aead = keyed(SAMPLE_KEY);
        byte[] sealed = new byte[16];
        aead.seal(1, 2, 3, null, null, 0, new byte[0], 0, 0, sealed, 0);
        assertThrows(IllegalStateException.class, () -> aead.updateAad(new byte[1], 0, 1), "no beginAad");
        aead.beginAad(1, 2, 3);
        assertThrows(IllegalStateException.class, () -> aead.open(1, 2, 4, null, sealed, 0, 16, new byte[0], 0));
        assertThrows(IllegalStateException.class, () -> aead.open(1, 2, 3, new byte[1], sealed, 0, 16, new byte[0], 0));
        assertThrows(IllegalStateException.class, () -> aead.seal(1, 2, 3, null, null, 0, new byte[0], 0, 0, new byte[16], 0));
        assertTrue(aead.open(1, 2, 3, null, sealed, 0, 16, new byte[0], 0));
        assertThrows(IllegalStateException.class, () -> aead.updateAad(new byte[1], 0, 1), "used by that open");
    }
}
