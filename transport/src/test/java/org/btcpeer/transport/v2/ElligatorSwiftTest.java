package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The randomized encoder and the shared-secret computation of BIP-324, beyond the CSV vectors. */
class ElligatorSwiftTest {

    private static final BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    private final ElligatorSwift ellswift = ElligatorSwift.defaultInstance();
    private final SplittableRandom random = new SplittableRandom(20240324);

    private byte[] randomPrivateKey() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return BouncyCastleSecp256k1Test.bytes32(new BigInteger(1, b).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
    }

    @Test
    void encodeThenDecodeGivesThePublicKeyX() {
        for (int i = 0; i < 64; i++) {
            byte[] priv = randomPrivateKey();
            byte[] encoding = ellswift.encode(priv, random);
            assertEquals(64, encoding.length);
            assertArrayEquals(ellswift.curve().multiplyGeneratorX(priv).toBytes(), ellswift.decode(encoding));
        }
    }

    @Test
    void encodingIsRandomizedAndReproducibleWithTheSameSeed() {
        byte[] priv = randomPrivateKey();
        byte[] first = ellswift.encode(priv, new SplittableRandom(1));
        byte[] again = ellswift.encode(priv, new SplittableRandom(1));
        byte[] other = ellswift.encode(priv, new SplittableRandom(2));
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
        assertArrayEquals(ellswift.decode(first), ellswift.decode(other));
    }

    @Test
    void bothSidesDeriveTheSameSharedSecret() {
        for (int i = 0; i < 16; i++) {
            byte[] privA = randomPrivateKey();
            byte[] privB = randomPrivateKey();
            byte[] ellA = ellswift.encode(privA, random);
            byte[] ellB = ellswift.encode(privB, random);
            byte[] initiatorSecret = ellswift.xOnlyEcdh(ellB, ellA, privA, true);
            byte[] responderSecret = ellswift.xOnlyEcdh(ellA, ellB, privB, false);
            assertArrayEquals(initiatorSecret, responderSecret);
            assertArrayEquals(ellswift.ecdhX(ellB, privA), ellswift.ecdhX(ellA, privB));
            // The encodings are hashed in role order, so a role mix-up gives a different secret.
            assertFalse(Arrays.equals(initiatorSecret, ellswift.xOnlyEcdh(ellB, ellA, privA, false)));
        }
    }

    @Test
    void rejectsBadInputs() {
        byte[] priv = randomPrivateKey();
        assertThrows(IllegalArgumentException.class, () -> ellswift.decode(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> ellswift.encode(new byte[32], random));
        assertThrows(IllegalArgumentException.class, () -> ellswift.xOnlyEcdh(new byte[64], new byte[65], priv, true));
        assertThrows(IllegalArgumentException.class, () -> ellswift.xOnlyEcdh(new byte[64], new byte[64], BouncyCastleSecp256k1Test.bytes32(N), true));
    }
}
