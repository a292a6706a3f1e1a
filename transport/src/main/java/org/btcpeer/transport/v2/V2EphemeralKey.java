package org.btcpeer.transport.v2;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.btcpeer.wire.ByteString;

/**
 * The ephemeral key pair one side of a BIP-324 handshake uses once ("Handshake": {@code ellswift_create}):
 * a fresh secp256k1 private key and the 64-byte ElligatorSwift encoding of its public key, which is
 * what goes on the wire.
 *
 * <p>The randomness is injected so that tests reproduce handshakes byte for byte; production code
 * passes a {@link java.security.SecureRandom}. The private key is wiped by {@link #destroy()} as soon
 * as the shared secret is derived. Not thread-safe; used by one handshake.
 */
public final class V2EphemeralKey {

    private final byte[] privateKey;
    private final ByteString ellswift;
    private boolean destroyed;

    private V2EphemeralKey(byte[] privateKey, ByteString ellswift) {
        this.privateKey = privateKey;
        this.ellswift = ellswift;
    }

    /**
     * Generates a key pair with the {@linkplain V2KeyExchange#defaultProvider() default provider}.
     *
     * @param random the randomness (a {@link java.security.SecureRandom} outside tests)
     * @return a fresh key pair
     */
    public static V2EphemeralKey generate(RandomGenerator random) {
        return generate(random, V2KeyExchange.defaultProvider());
    }

    /**
     * Generates a key pair: a private key from {@link #generatePrivateKey} and its randomized
     * ElligatorSwift encoding from {@code keyExchange}, both drawn from {@code random}.
     *
     * @param random      the randomness (a {@link java.security.SecureRandom} outside tests)
     * @param keyExchange the provider computing the encoding
     * @return a fresh key pair
     */
    public static V2EphemeralKey generate(RandomGenerator random, V2KeyExchange keyExchange) {
        byte[] priv = generatePrivateKey(random);
        byte[] encoding = keyExchange.ellswiftCreate(priv, random);
        return new V2EphemeralKey(priv, ByteString.wrap(encoding));
    }

    /**
     * Draws 32 random bytes until they form a valid secp256k1 private key (a number in
     * {@code 1..n-1}; a retry is needed with probability about 2<sup>-128</sup>). The check never puts
     * the key in a {@link java.math.BigInteger}.
     *
     * @param random the randomness
     * @return a new 32-byte private key, owned by the caller
     */
    public static byte[] generatePrivateKey(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        byte[] priv = new byte[Secp256k1.ELEMENT_LENGTH];
        while (true) {
            random.nextBytes(priv);
            if (BouncyCastleSecp256k1.isValidScalar(priv)) {
                return priv;
            }
        }
    }

    /**
     * A key pair from known values, checked with the {@linkplain V2KeyExchange#defaultProvider()
     * default provider}; see {@link #of(byte[], ByteString, V2KeyExchange)}.
     *
     * @param privateKey a valid private key; copied
     * @param ellswift   the 64-byte ElligatorSwift encoding of its public key
     * @return the key pair
     * @throws IllegalArgumentException if the key is invalid or the encoding does not match it
     */
    public static V2EphemeralKey of(byte[] privateKey, ByteString ellswift) {
        return of(privateKey, ellswift, V2KeyExchange.defaultProvider());
    }

    /**
     * A key pair from known values, for example a row of the BIP-324 test vectors. The encoding is
     * checked: it must decode to the X coordinate of {@code privateKey·G}. The check uses only the
     * provider's hashed ECDH, so with libsecp256k1 the key never enters a {@link java.math.BigInteger}:
     * {@code v2_ecdh(G, privateKey)} and {@code v2_ecdh(ellswift, 1)}, hashed over the same two
     * encodings, are equal exactly when {@code x(privateKey·G) = x(ellswift_decode(ellswift))}.
     *
     * @param privateKey  a valid private key; copied
     * @param ellswift    the 64-byte ElligatorSwift encoding of its public key
     * @param keyExchange the provider doing the check
     * @return the key pair
     * @throws IllegalArgumentException if the key is invalid or the encoding does not match it
     */
    public static V2EphemeralKey of(byte[] privateKey, ByteString ellswift, V2KeyExchange keyExchange) {
        byte[] priv = privateKey.clone();
        if (!keyExchange.isValidPrivateKey(priv)) {
            throw new IllegalArgumentException("not a valid secp256k1 private key");
        }
        if (ellswift.size() != ElligatorSwift.ENCODING_LENGTH) {
            throw new IllegalArgumentException("ellswift must be 64 bytes: " + ellswift.size());
        }
        byte[] one = new byte[Secp256k1.ELEMENT_LENGTH];
        one[one.length - 1] = 1;
        byte[] encoded = ellswift.toByteArray();
        byte[] generator = keyExchange.ellswiftCreate(one, new SplittableRandom(0));
        // Both hash (encoded, generator, x): the first with x(priv·G), the second with x(1·decode(encoded)).
        byte[] viaKey = keyExchange.sharedSecret(generator, encoded, priv, true);
        byte[] viaEncoding = keyExchange.sharedSecret(encoded, generator, one, false);
        boolean matches = MessageDigest.isEqual(viaKey, viaEncoding);
        Arrays.fill(viaKey, (byte) 0);
        if (!matches) {
            throw new IllegalArgumentException("the encoding does not decode to the key's public X coordinate");
        }
        return new V2EphemeralKey(priv, ellswift);
    }

    /**
     * The 64-byte ElligatorSwift encoding of the public key, sent as the first bytes of the handshake.
     *
     * @return the encoding
     */
    public ByteString ellswift() {
        return ellswift;
    }

    /** The private key itself (not a copy), for the ECDH. */
    byte[] privateKey() {
        if (destroyed) {
            throw new IllegalStateException("the private key has been destroyed");
        }
        return privateKey;
    }

    /** Overwrites the private key with zeros; the key pair cannot be used for an ECDH afterwards. */
    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
        destroyed = true;
    }
}
