package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.btcpeer.transport.v2.Secp256k1.FieldElement;
import org.junit.jupiter.api.Test;

/** The Bouncy Castle provider's field and curve operations against plain {@link BigInteger} arithmetic. */
class BouncyCastleSecp256k1Test {

    private static final BigInteger P = new BigInteger("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16);
    private static final BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final String GX = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private static final String GY = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

    private final Secp256k1 curve = Secp256k1.bouncyCastle();
    private final SplittableRandom random = new SplittableRandom(324);

    private BigInteger randomBelow(BigInteger bound) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return new BigInteger(1, b).mod(bound);
    }

    private FieldElement fe(BigInteger v) {
        return curve.fieldElement(bytes32(v), 0);
    }

    private static BigInteger big(FieldElement e) {
        return new BigInteger(1, e.toBytes());
    }

    static byte[] bytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    @Test
    void fieldOperationsMatchBigInteger() {
        for (int i = 0; i < 200; i++) {
            BigInteger a = randomBelow(P);
            BigInteger b = randomBelow(P);
            FieldElement fa = fe(a);
            FieldElement fb = fe(b);
            assertEquals(a.add(b).mod(P), big(fa.add(fb)));
            assertEquals(a.subtract(b).mod(P), big(fa.subtract(fb)));
            assertEquals(a.multiply(b).mod(P), big(fa.multiply(fb)));
            assertEquals(a.multiply(a).mod(P), big(fa.square()));
            assertEquals(a.negate().mod(P), big(fa.negate()));
            assertEquals(a.multiply(BigInteger.TWO.modInverse(P)).mod(P), big(fa.half()));
            if (a.signum() != 0) {
                assertEquals(a.modInverse(P), big(fa.invert()));
            }
            assertEquals(a.testBit(0), fa.isOdd());
        }
    }

    @Test
    void sqrtIsThePowerThatBip324Defines() {
        BigInteger exponent = P.add(BigInteger.ONE).shiftRight(2);
        int squares = 0;
        for (int i = 0; i < 200; i++) {
            BigInteger a = randomBelow(P);
            BigInteger candidate = a.modPow(exponent, P);
            boolean isSquare = candidate.multiply(candidate).mod(P).equals(a);
            FieldElement root = fe(a).sqrt();
            assertEquals(isSquare, fe(a).isSquare());
            if (isSquare) {
                squares++;
                assertEquals(candidate, big(root));
            } else {
                assertNull(root);
            }
        }
        assertTrue(squares > 60 && squares < 140, "about half of the elements are squares: " + squares);
        assertTrue(curve.fieldElement(0).isSquare());
    }

    @Test
    void inputsAtOrAboveTheModulusAreReduced() {
        byte[] allOnes = new byte[32];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        assertEquals(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).mod(P), big(curve.fieldElement(allOnes, 0)));
        assertTrue(curve.fieldElement(bytes32(P), 0).isZero());
        assertEquals(BigInteger.ONE, big(curve.fieldElement(bytes32(P.add(BigInteger.ONE)), 0)));
        assertEquals(P.subtract(BigInteger.ONE), big(curve.fieldElement(bytes32(P.subtract(BigInteger.ONE)), 0)));
    }

    @Test
    void invertingZeroThrows() {
        assertThrows(ArithmeticException.class, () -> curve.fieldElement(0).invert());
    }

    @Test
    void elligatorSwiftConstantIsASquareRootOfMinusThree() {
        FieldElement c = curve.fieldElement(Bip324Vectors.hex("0a2d2ba93507f1df233770c2a797962cc61f6d15da14ecd47d8d27ae1cd5f852"), 0);
        assertEquals(curve.fieldElement(3).negate(), c.square());
        assertTrue(c.isSquare(), "BIP-324 picks the root that is itself a square");
    }

    @Test
    void liftXOfTheGeneratorGivesItsEvenY() {
        FieldElement gx = curve.fieldElement(Bip324Vectors.hex(GX), 0);
        assertTrue(curve.isValidX(gx));
        assertEquals(GY, Bip324Vectors.hex(curve.liftX(gx).toBytes()));
        // x = 5 is not on the curve: 5^3 + 7 = 132 is not a square mod p.
        assertFalse(curve.isValidX(curve.fieldElement(5)));
        assertNull(curve.liftX(curve.fieldElement(5)));
    }

    @Test
    void privateKeyRange() {
        assertTrue(curve.isValidPrivateKey(bytes32(BigInteger.ONE)));
        assertTrue(curve.isValidPrivateKey(bytes32(N.subtract(BigInteger.ONE))));
        assertFalse(curve.isValidPrivateKey(new byte[32]));
        assertFalse(curve.isValidPrivateKey(bytes32(N)));
        assertFalse(curve.isValidPrivateKey(new byte[31]));
        assertFalse(curve.isValidPrivateKey(null));
        assertThrows(IllegalArgumentException.class, () -> curve.multiplyGeneratorX(bytes32(N)));
        assertThrows(IllegalArgumentException.class, () -> curve.multiplyX(new byte[32], curve.fieldElement(Bip324Vectors.hex(GX), 0)));
    }

    @Test
    void generatorMultiples() {
        assertEquals(GX, Bip324Vectors.hex(curve.multiplyGeneratorX(bytes32(BigInteger.ONE)).toBytes()));
        assertEquals(GX, Bip324Vectors.hex(curve.multiplyGeneratorX(bytes32(N.subtract(BigInteger.ONE))).toBytes()), "x(-G) = x(G)");
        // 2G, a well-known point
        assertEquals("c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5",
                Bip324Vectors.hex(curve.multiplyGeneratorX(bytes32(BigInteger.TWO)).toBytes()));
    }

    @Test
    void xOnlyMultiplicationAgreesWithGeneratorMultiplicationAndCommutes() {
        FieldElement gx = curve.fieldElement(Bip324Vectors.hex(GX), 0);
        for (int i = 0; i < 20; i++) {
            byte[] a = bytes32(randomBelow(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
            byte[] b = bytes32(randomBelow(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
            FieldElement ax = curve.multiplyGeneratorX(a);
            FieldElement bx = curve.multiplyGeneratorX(b);
            assertEquals(ax, curve.multiplyX(a, gx));
            assertEquals(curve.multiplyX(a, bx), curve.multiplyX(b, ax), "x-only ECDH agrees");
        }
        assertThrows(IllegalArgumentException.class, () -> curve.multiplyX(bytes32(BigInteger.ONE), curve.fieldElement(5)));
    }
}
