package org.btcpeer.transport.v2;

import java.util.random.RandomGenerator;

/**
 * The secp256k1 operations of a BIP-324 handshake, at the level libsecp256k1's {@code ellswift}
 * module offers them: {@code ellswift_create}, {@code ellswift_decode} and the hashed X-only ECDH
 * {@code v2_ecdh} ({@code secp256k1_ellswift_xdh} with the BIP-324 hash).
 *
 * <p>Two providers exist: {@linkplain #bouncyCastle() Bouncy Castle} (pure Java, always available,
 * not constant-time) and libsecp256k1 through {@code java.lang.foreign} (Java 22+, constant-time,
 * about 3x faster), chosen by {@link #select(KeyExchangeConfig)}; {@link #defaultProvider()} is the
 * process-wide choice made from the system properties. Implementations are thread-safe: one instance
 * serves every connection.
 *
 * <p>All keys and encodings are byte arrays: private keys are 32-byte big-endian scalars in
 * {@code 1..n-1}, encodings are 64 bytes {@code u || t}, X coordinates 32 bytes big-endian. No
 * implementation keeps a reference to an array it is given.
 */
public interface V2KeyExchange {

    /** Length of a private key, an X coordinate and a shared secret. */
    int KEY_LENGTH = 32;

    /**
     * The provider's name as shown in logs and stats: {@code "libsecp256k1"} or {@code "bouncycastle"}.
     *
     * @return the name
     */
    String name();

    /**
     * Whether {@code privateKey} is a valid secp256k1 private key: 32 bytes, big-endian, in {@code 1..n-1}.
     *
     * @param privateKey the candidate
     * @return {@code true} if valid
     */
    boolean isValidPrivateKey(byte[] privateKey);

    /**
     * BIP-324 {@code ellswift_create}: a randomized 64-byte ElligatorSwift encoding of
     * {@code privateKey·G}. Providers use {@code random} differently (Bouncy Castle draws {@code u} and
     * the case from it, libsecp256k1 hashes 32 auxiliary bytes with the key), so the same inputs give
     * different, equally valid encodings.
     *
     * @param privateKey a valid private key
     * @param random the randomness (a {@link java.security.SecureRandom} outside tests)
     * @return the 64-byte encoding
     * @throws IllegalArgumentException if the private key is invalid
     */
    byte[] ellswiftCreate(byte[] privateKey, RandomGenerator random);

    /**
     * BIP-324 {@code ellswift_decode}: the X coordinate a 64-byte encoding stands for; every 64-byte
     * string is a valid encoding.
     *
     * @param ellswift the 64-byte encoding
     * @return the 32-byte X coordinate
     * @throws IllegalArgumentException if {@code ellswift} is not 64 bytes
     */
    byte[] ellswiftDecode(byte[] ellswift);

    /**
     * BIP-324 {@code v2_ecdh}: the 32-byte shared secret, the tagged hash
     * ({@code bip324_ellswift_xonly_ecdh}) of the initiator's encoding, the responder's encoding and
     * {@code x(privateKey·lift_x(ellswift_decode(ellswiftTheirs)))}.
     *
     * @param ellswiftTheirs the 64 bytes the peer sent
     * @param ellswiftOurs the 64 bytes we sent
     * @param privateKey our private key
     * @param initiating whether we opened the connection (our encoding then comes first)
     * @return the 32-byte shared secret, owned by the caller (wipe it after use)
     * @throws IllegalArgumentException if an encoding is not 64 bytes or the key is invalid
     */
    byte[] sharedSecret(byte[] ellswiftTheirs, byte[] ellswiftOurs, byte[] privateKey, boolean initiating);

    /**
     * The pure-Java provider on Bouncy Castle's secp256k1 arithmetic ({@link ElligatorSwift} on
     * {@link Secp256k1#bouncyCastle()}). Always available; not constant-time.
     *
     * @return the shared instance
     */
    static V2KeyExchange bouncyCastle() {
        return BouncyCastleKeyExchange.INSTANCE;
    }

    /**
     * The process-wide provider chosen once from the system properties
     * ({@link KeyExchangeConfig#fromSystemProperties()}); the choice is logged once at DEBUG. In
     * {@link KeyExchangeMode#AUTO} (the default) this is libsecp256k1 when it loads, else Bouncy
     * Castle; it never throws at class load.
     *
     * @return the default provider
     * @throws IllegalStateException if the system properties demand {@link KeyExchangeMode#NATIVE}
     *     and the library cannot be loaded, or a property value is invalid
     */
    static V2KeyExchange defaultProvider() {
        return KeyExchangeSelector.defaultProvider();
    }

    /**
     * The provider a configuration asks for: Bouncy Castle for {@link KeyExchangeMode#JAVA};
     * libsecp256k1 for {@link KeyExchangeMode#NATIVE} (or an exception); libsecp256k1 if it loads,
     * else Bouncy Castle, for {@link KeyExchangeMode#AUTO}. A native library is loaded and its
     * randomized context created once per library path, then shared.
     *
     * @param config the mode and, optionally, the library file
     * @return the provider
     * @throws IllegalStateException if {@link KeyExchangeMode#NATIVE} is asked for and the library
     *     cannot be loaded (the message says why)
     */
    static V2KeyExchange select(KeyExchangeConfig config) {
        return KeyExchangeSelector.select(config);
    }
}
