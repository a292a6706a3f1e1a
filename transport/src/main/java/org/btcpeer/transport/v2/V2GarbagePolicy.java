package org.btcpeer.transport.v2;

import java.util.random.RandomGenerator;

/**
 * How much garbage a BIP-324 handshake sends after its public key ("Handshake": the garbage hides
 * the key's fixed length). The bytes themselves are random; this only picks the length.
 *
 * <p>Implementations must be thread-safe (one policy serves every connection) and return
 * {@code 0..}{@value V2Handshake#MAX_GARBAGE_LENGTH}.
 */
@FunctionalInterface
public interface V2GarbagePolicy {

    /**
     * Bitcoin Core's choice ({@code GenerateRandomGarbage}): a uniformly random length in
     * {@code 0..MAX_GARBAGE_LEN} (4095) per connection. The default.
     */
    V2GarbagePolicy RANDOM = random -> random.nextInt(V2Handshake.MAX_GARBAGE_LENGTH + 1);

    /** No garbage: the terminator follows the key directly. Allowed by BIP-324, easy to fingerprint. */
    V2GarbagePolicy NONE = random -> 0;

    /**
     * The garbage length for one handshake.
     *
     * @param random the handshake's randomness
     * @return 0..{@value V2Handshake#MAX_GARBAGE_LENGTH}
     */
    int garbageLength(RandomGenerator random);

    /**
     * Always the same length (for tests and measurements).
     *
     * @param length 0..{@value V2Handshake#MAX_GARBAGE_LENGTH}
     * @return the policy
     * @throws IllegalArgumentException if the length is out of range
     */
    static V2GarbagePolicy fixed(int length) {
        if (length < 0 || length > V2Handshake.MAX_GARBAGE_LENGTH) {
            throw new IllegalArgumentException("garbage length must be 0.." + V2Handshake.MAX_GARBAGE_LENGTH + ": " + length);
        }
        return random -> length;
    }
}
