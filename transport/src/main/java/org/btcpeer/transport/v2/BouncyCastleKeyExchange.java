package org.btcpeer.transport.v2;

import java.util.random.RandomGenerator;

/**
 * The pure-Java {@link V2KeyExchange}: {@link ElligatorSwift} on Bouncy Castle's secp256k1. Its
 * scalar multiplication is not constant-time and passes the private key through a
 * {@link java.math.BigInteger} (Bouncy Castle's API); it is the fallback where libsecp256k1 cannot load.
 */
final class BouncyCastleKeyExchange implements V2KeyExchange {

    static final BouncyCastleKeyExchange INSTANCE = new BouncyCastleKeyExchange();

    private final ElligatorSwift swift = ElligatorSwift.defaultInstance();

    private BouncyCastleKeyExchange() {
    }

    @Override
    public String name() {
        return "bouncycastle";
    }

    @Override
    public boolean isValidPrivateKey(byte[] privateKey) {
        return swift.curve().isValidPrivateKey(privateKey);
    }

    @Override
    public byte[] ellswiftCreate(byte[] privateKey, RandomGenerator random) {
        return swift.encode(privateKey, random);
    }

    @Override
    public byte[] ellswiftDecode(byte[] ellswift) {
        return swift.decode(ellswift);
    }

    @Override
    public byte[] sharedSecret(byte[] ellswiftTheirs, byte[] ellswiftOurs, byte[] privateKey, boolean initiating) {
        return swift.xOnlyEcdh(ellswiftTheirs, ellswiftOurs, privateKey, initiating);
    }

    @Override
    public String toString() {
        return name();
    }
}
