package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Poly1305} against the RFC 8439 vectors (section 2.5.2 and Appendix A.3, hex as printed in
 * the RFC), against a {@link BigInteger} transcription of the RFC's pseudocode, and for incremental
 * use in any chunking.
 */
class Poly1305Test {

    record Vector(String name, String key, String message, String tag) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** "Any submission to the IETF intended by the Contributor ...", the text of A.3 #2 and #3. */
    private static final String IETF_TEXT = """
            41 6e 79 20 73 75 62 6d 69 73 73 69 6f 6e 20 74
            6f 20 74 68 65 20 49 45 54 46 20 69 6e 74 65 6e
            64 65 64 20 62 79 20 74 68 65 20 43 6f 6e 74 72
            69 62 75 74 6f 72 20 66 6f 72 20 70 75 62 6c 69
            63 61 74 69 6f 6e 20 61 73 20 61 6c 6c 20 6f 72
            20 70 61 72 74 20 6f 66 20 61 6e 20 49 45 54 46
            20 49 6e 74 65 72 6e 65 74 2d 44 72 61 66 74 20
            6f 72 20 52 46 43 20 61 6e 64 20 61 6e 79 20 73
            74 61 74 65 6d 65 6e 74 20 6d 61 64 65 20 77 69
            74 68 69 6e 20 74 68 65 20 63 6f 6e 74 65 78 74
            20 6f 66 20 61 6e 20 49 45 54 46 20 61 63 74 69
            76 69 74 79 20 69 73 20 63 6f 6e 73 69 64 65 72
            65 64 20 61 6e 20 22 49 45 54 46 20 43 6f 6e 74
            72 69 62 75 74 69 6f 6e 22 2e 20 53 75 63 68 20
            73 74 61 74 65 6d 65 6e 74 73 20 69 6e 63 6c 75
            64 65 20 6f 72 61 6c 20 73 74 61 74 65 6d 65 6e
            74 73 20 69 6e 20 49 45 54 46 20 73 65 73 73 69
            6f 6e 73 2c 20 61 73 20 77 65 6c 6c 20 61 73 20
            77 72 69 74 74 65 6e 20 61 6e 64 20 65 6c 65 63
            74 72 6f 6e 69 63 20 63 6f 6d 6d 75 6e 69 63 61
            74 69 6f 6e 73 20 6d 61 64 65 20 61 74 20 61 6e
            79 20 74 69 6d 65 20 6f 72 20 70 6c 61 63 65 2c
            20 77 68 69 63 68 20 61 72 65 20 61 64 64 72 65
            73 73 65 64 20 74 6f
            """;

    private static final String ZERO16 = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
    private static final String FF16 = "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff";

    static final List<Vector> VECTORS = List.of(
            new Vector("RFC 8439 2.5.2",
                    "85:d6:be:78:57:55:6d:33:7f:44:52:fe:42:d5:06:a8:01:03:80:8a:fb:0d:b2:fd:4a:bf:f6:af:41:49:f5:1b",
                    """
                    43 72 79 70 74 6f 67 72 61 70 68 69 63 20 46 6f
                    72 75 6d 20 52 65 73 65 61 72 63 68 20 47 72 6f
                    75 70
                    """,
                    "a8:06:1d:c1:30:51:36:c6:c2:2b:8b:af:0c:01:27:a9"),
            new Vector("A.3 #1", ZERO16 + ZERO16, ZERO16 + ZERO16 + ZERO16 + ZERO16, ZERO16),
            new Vector("A.3 #2", ZERO16 + "36 e5 f6 b5 c5 e0 60 70 f0 ef ca 96 22 7a 86 3e", IETF_TEXT,
                    "36 e5 f6 b5 c5 e0 60 70 f0 ef ca 96 22 7a 86 3e"),
            new Vector("A.3 #3", "36 e5 f6 b5 c5 e0 60 70 f0 ef ca 96 22 7a 86 3e" + ZERO16, IETF_TEXT,
                    "f3 47 7e 7c d9 54 17 af 89 a6 b8 79 4c 31 0c f0"),
            new Vector("A.3 #4",
                    """
                    1c 92 40 a5 eb 55 d3 8a f3 33 88 86 04 f6 b5 f0
                    47 39 17 c1 40 2b 80 09 9d ca 5c bc 20 70 75 c0
                    """,
                    """
                    27 54 77 61 73 20 62 72 69 6c 6c 69 67 2c 20 61
                    6e 64 20 74 68 65 20 73 6c 69 74 68 79 20 74 6f
                    76 65 73 0a 44 69 64 20 67 79 72 65 20 61 6e 64
                    20 67 69 6d 62 6c 65 20 69 6e 20 74 68 65 20 77
                    61 62 65 3a 0a 41 6c 6c 20 6d 69 6d 73 79 20 77
                    65 72 65 20 74 68 65 20 62 6f 72 6f 67 6f 76 65
                    73 2c 0a 41 6e 64 20 74 68 65 20 6d 6f 6d 65 20
                    72 61 74 68 73 20 6f 75 74 67 72 61 62 65 2e
                    """,
                    "45 41 66 9a 7e aa ee 61 e7 08 dc 7c bc c5 eb 62"),
            new Vector("A.3 #5: partially reduced final result not fully reduced",
                    "02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" + ZERO16,
                    FF16,
                    "03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
            new Vector("A.3 #6: adding s overflows 2^128",
                    "02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" + FF16,
                    "02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
                    "03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
            new Vector("A.3 #7: all-ones data limb with a carry from the lower limb",
                    "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" + ZERO16,
                    FF16
                            + "f0 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff"
                            + "11 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
                    "05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
            new Vector("A.3 #8: polynomial result exactly 2^130-5",
                    "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" + ZERO16,
                    FF16
                            + "fb fe fe fe fe fe fe fe fe fe fe fe fe fe fe fe"
                            + "01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01",
                    ZERO16),
            new Vector("A.3 #9: polynomial result exactly 2^130-6",
                    "02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" + ZERO16,
                    "fd ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff",
                    "fa ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff"),
            new Vector("A.3 #10: 5*H+L reduction with a 131-bit intermediate result",
                    "01 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00" + ZERO16,
                    "e3 35 94 d7 50 5e 43 b9 00 00 00 00 00 00 00 00"
                            + "33 94 d7 50 5e 43 79 cd 01 00 00 00 00 00 00 00"
                            + ZERO16
                            + "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
                    "14 00 00 00 00 00 00 00 55 00 00 00 00 00 00 00"),
            new Vector("A.3 #11: 5*H+L reduction with a 131-bit final result",
                    "01 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00" + ZERO16,
                    "e3 35 94 d7 50 5e 43 b9 00 00 00 00 00 00 00 00"
                            + "33 94 d7 50 5e 43 79 cd 01 00 00 00 00 00 00 00"
                            + ZERO16,
                    "13 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));

    static Stream<Vector> vectors() {
        return VECTORS.stream();
    }

    /** Parses hex as the RFC prints it: bytes separated by spaces, colons or line breaks. */
    static byte[] rfcHex(String s) {
        return Bip324Vectors.hex(s.replaceAll("[\\s:]", ""));
    }

    private static byte[] mac(byte[] key, byte[] message) {
        Poly1305 poly = new Poly1305();
        poly.init(key, 0);
        poly.update(message, 0, message.length);
        byte[] tag = new byte[16];
        poly.finish(tag, 0);
        return tag;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rfcVectorInOneCall(Vector v) {
        assertEquals(Bip324Vectors.hex(rfcHex(v.tag())), Bip324Vectors.hex(mac(rfcHex(v.key()), rfcHex(v.message()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rfcVectorAgreesWithTheReference(Vector v) {
        // guards the transcription of the reference as much as the fixtures
        assertEquals(Bip324Vectors.hex(rfcHex(v.tag())),
                Bip324Vectors.hex(referenceMac(rfcHex(v.key()), rfcHex(v.message()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rfcVectorInRandomChunks(Vector v) {
        byte[] key = rfcHex(v.key());
        byte[] message = rfcHex(v.message());
        byte[] expected = rfcHex(v.tag());
        SplittableRandom random = new SplittableRandom(message.length);
        Poly1305 poly = new Poly1305(); // reused: init must reset everything finish left behind
        for (int trial = 0; trial < 200; trial++) {
            // the message sits at an offset in a larger array, to catch offset mistakes
            int shift = random.nextInt(20);
            byte[] padded = new byte[shift + message.length + random.nextInt(20)];
            random.nextBytes(padded);
            System.arraycopy(message, 0, padded, shift, message.length);
            int keyShift = random.nextInt(5);
            byte[] keyHolder = new byte[keyShift + 32];
            System.arraycopy(key, 0, keyHolder, keyShift, 32);
            poly.init(keyHolder, keyShift);
            int done = 0;
            while (done < message.length) {
                int chunk = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(1 + Math.min(17, message.length - done));
                chunk = Math.min(chunk, message.length - done);
                poly.update(padded, shift + done, chunk);
                done += chunk;
            }
            byte[] tag = new byte[16 + 3];
            poly.finish(tag, 3);
            assertArrayEquals(expected, Arrays.copyOfRange(tag, 3, 19), "trial " + trial);
        }
    }

    @Test
    void initFromWordsEqualsInitFromBytes() {
        SplittableRandom random = new SplittableRandom(2);
        for (int trial = 0; trial < 100; trial++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            byte[] message = new byte[random.nextInt(100)];
            random.nextBytes(message);
            int[] words = new int[10];
            for (int i = 0; i < 8; i++) {
                words[2 + i] = ChaCha20Block.littleEndianInt(key, 4 * i);
            }
            Poly1305 poly = new Poly1305();
            poly.init(words, 2);
            poly.update(message, 0, message.length);
            byte[] tag = new byte[16];
            poly.finish(tag, 0);
            assertArrayEquals(referenceMac(key, message), tag);
        }
    }

    @Test
    void matchesTheBigIntegerReferenceOnRandomAndExtremeInputs() {
        SplittableRandom random = new SplittableRandom(1305);
        Poly1305 poly = new Poly1305();
        for (int trial = 0; trial < 3000; trial++) {
            byte[] key = new byte[32];
            switch (trial % 4) {
                case 0 -> random.nextBytes(key);
                case 1 -> Arrays.fill(key, (byte) 0xff); // largest clamped r, largest s
                case 2 -> {
                    random.nextBytes(key);
                    Arrays.fill(key, 0, 16, (byte) 0xff);
                }
                default -> {
                    random.nextBytes(key);
                    Arrays.fill(key, 16, 32, (byte) 0xff);
                }
            }
            byte[] message = new byte[random.nextInt(300)];
            if (trial % 3 == 0) {
                Arrays.fill(message, (byte) 0xff); // the largest blocks
            } else {
                random.nextBytes(message);
            }
            poly.init(key, 0);
            poly.update(message, 0, message.length);
            byte[] tag = new byte[16];
            poly.finish(tag, 0);
            assertArrayEquals(referenceMac(key, message), tag, "trial " + trial);
        }
    }

    @Test
    void padToBlockIsZeroPaddingToSixteen() {
        SplittableRandom random = new SplittableRandom(16);
        for (int trial = 0; trial < 200; trial++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            byte[] a = new byte[random.nextInt(50)];
            byte[] b = new byte[random.nextInt(50)];
            random.nextBytes(a);
            random.nextBytes(b);
            int padded = (a.length + 15) & -16;
            byte[] joined = new byte[padded + b.length]; // a, zeros up to a multiple of 16, b
            System.arraycopy(a, 0, joined, 0, a.length);
            System.arraycopy(b, 0, joined, padded, b.length);

            Poly1305 poly = new Poly1305();
            poly.init(key, 0);
            poly.padToBlock(); // nothing buffered: no effect
            poly.update(a, 0, a.length);
            poly.padToBlock();
            poly.padToBlock(); // already aligned: no effect
            poly.update(b, 0, b.length);
            byte[] tag = new byte[16];
            poly.finish(tag, 0);
            assertArrayEquals(referenceMac(key, joined), tag, "trial " + trial);
        }
    }

    @Test
    void finishWipesTheKeyAndTheAccumulator() {
        byte[] key = rfcHex(VECTORS.get(0).key());
        byte[] message = rfcHex(VECTORS.get(0).message());
        Poly1305 poly = new Poly1305();
        poly.init(key, 0);
        poly.update(message, 0, 20); // leaves 4 bytes buffered
        byte[] tag = new byte[16];
        poly.finish(tag, 0);
        // with r, s, the accumulator and the buffer zeroed, a second finish can only give zero
        byte[] again = new byte[16];
        Arrays.fill(again, (byte) 0x5a);
        poly.finish(again, 0);
        assertArrayEquals(new byte[16], again);
        // and the instance works again after init
        poly.init(key, 0);
        poly.update(message, 0, message.length);
        poly.finish(tag, 0);
        assertArrayEquals(rfcHex(VECTORS.get(0).tag()), tag);
    }

    /** RFC 8439 section 2.5.1 pseudocode, with BigInteger. */
    static byte[] referenceMac(byte[] key, byte[] message) {
        BigInteger r = le(Arrays.copyOfRange(key, 0, 16)).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
        BigInteger s = le(Arrays.copyOfRange(key, 16, 32));
        BigInteger p = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
        BigInteger a = BigInteger.ZERO;
        for (int i = 0; i < message.length; i += 16) {
            byte[] block = Arrays.copyOfRange(message, i, Math.min(message.length, i + 16));
            BigInteger n = le(block).setBit(8 * block.length);
            a = a.add(n).multiply(r).mod(p);
        }
        a = a.add(s);
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = a.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static BigInteger le(byte[] bytes) {
        byte[] be = new byte[bytes.length + 1];
        for (int i = 0; i < bytes.length; i++) {
            be[bytes.length - i] = bytes[i];
        }
        return new BigInteger(be);
    }
}
