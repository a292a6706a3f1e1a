package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * libsecp256k1 against Bouncy Castle on random keys: each decodes the other's encodings to the same X,
 * and a native initiator and a Java responder (and the reverse) derive the same shared secret.
 *
 * <p>The unit suite checks {@value #DEFAULT_KEYS} key pairs (about a second); the 100,000 run
 * with {@code -Dbtcpeer.crosscheck.keys=100000} (see bench/README.md for the time it takes).
 */
class V2KeyExchangeCrossCheckTest {

    static final int DEFAULT_KEYS = 2_000;

    private final V2KeyExchange nat = KeyExchangeProviders.nativeProvider();
    private final V2KeyExchange bc = V2KeyExchange.bouncyCastle();

    @Test
    void bothProvidersAgreeOnRandomKeys() {
        int keys = Integer.getInteger("btcpeer.crosscheck.keys", DEFAULT_KEYS);
        SplittableRandom random = new SplittableRandom(324);
        for (int i = 0; i < keys; i++) {
            byte[] privA = V2EphemeralKey.generatePrivateKey(random);
            byte[] privB = V2EphemeralKey.generatePrivateKey(random);
            boolean nativeInitiates = (i & 1) == 0;
            V2KeyExchange a = nativeInitiates ? nat : bc;
            V2KeyExchange b = nativeInitiates ? bc : nat;
            byte[] ellA = a.ellswiftCreate(privA, random);
            byte[] ellB = b.ellswiftCreate(privB, random);
            assertArrayEquals(nat.ellswiftDecode(ellA), bc.ellswiftDecode(ellA), () -> "decode, key " + hex(privA));
            assertArrayEquals(nat.ellswiftDecode(ellB), bc.ellswiftDecode(ellB), () -> "decode, key " + hex(privB));
            byte[] initiator = a.sharedSecret(ellB, ellA, privA, true);
            byte[] responder = b.sharedSecret(ellA, ellB, privB, false);
            assertArrayEquals(initiator, responder, () -> "shared secret, keys " + hex(privA) + " " + hex(privB));
        }
    }

    @Test
    void randomStringsDecodeAlike() {
        SplittableRandom random = new SplittableRandom(16);
        byte[] ell = new byte[64];
        for (int i = 0; i < DEFAULT_KEYS; i++) {
            random.nextBytes(ell);
            if (i % 7 == 0) {
                java.util.Arrays.fill(ell, 0, 32, (byte) 0xff); // u >= p, reduced mod p
            }
            assertArrayEquals(bc.ellswiftDecode(ell), nat.ellswiftDecode(ell), () -> hex(ell));
        }
        assertEquals("libsecp256k1", nat.name());
    }

    private static String hex(byte[] b) {
        return Bip324Vectors.hex(b);
    }
}
