package org.btcpeer.transport.v2;

import java.util.random.RandomGenerator;

/**
 * Which decoy packets to send before each real packet (BIP-324 "decoy" packets: the ignore bit set,
 * contents discarded by the receiver; they shape traffic). Bitcoin Core never sends decoys (it only
 * drops them on receive), so {@link #NONE} is the default.
 *
 * <p>Before every real packet, including the handshake's version packet, the sender asks for the
 * length of decoy number 0, 1, 2, ... until the policy answers a negative number. Implementations
 * must be stateless or thread-safe and must eventually answer negative.
 */
@FunctionalInterface
public interface V2DecoyPolicy {

    /** No decoys, like Bitcoin Core. */
    V2DecoyPolicy NONE = (index, random) -> -1;

    /**
     * The contents length of the next decoy to send before the current real packet.
     *
     * @param index  how many decoys were already sent before this packet
     * @param random the connection's randomness
     * @return a contents length (0 to {@link V2FrameDecoder#MAX_CONTENTS_LENGTH}), or a negative
     *         number to send the real packet now
     */
    int decoyLength(int index, RandomGenerator random);

    /**
     * The same decoys before every real packet.
     *
     * @param contentLengths the contents length of each decoy, in order
     * @return the policy
     */
    static V2DecoyPolicy fixed(int... contentLengths) {
        int[] lengths = contentLengths.clone();
        for (int length : lengths) {
            checkLength(length);
        }
        return (index, random) -> index < lengths.length ? lengths[index] : -1;
    }

    /**
     * Random decoys: before each real packet, another decoy follows with probability
     * {@code probability} (so their number is geometric), each with a uniformly random contents
     * length in {@code 0..maxContentLength}.
     *
     * @param probability      0 (none) to below 1
     * @param maxContentLength the largest decoy contents
     * @return the policy
     */
    static V2DecoyPolicy random(double probability, int maxContentLength) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1): " + probability);
        }
        checkLength(maxContentLength);
        return (index, random) -> random.nextDouble() < probability ? random.nextInt(maxContentLength + 1) : -1;
    }

    private static void checkLength(int length) {
        if (length < 0 || length > V2FrameDecoder.MAX_CONTENTS_LENGTH) {
            throw new IllegalArgumentException("decoy contents length must be 0.." + V2FrameDecoder.MAX_CONTENTS_LENGTH + ": " + length);
        }
    }
}
