package org.btcpeer.transport;

/**
 * How large a receive array may be while a long message arrives: Core's {@code MAX_RESERVE_AHEAD}
 * rule, shared by the v1 and v2 decoders. A header or length alone allows at most {@value #BYTES}
 * bytes; after that the array may hold at most twice the bytes received, or {@value #BYTES} more than
 * them, whichever is larger. So a peer announcing 4 MB costs 256 KiB until it actually sends.
 *
 * <p>Within that rule the sizes are chosen to end exactly at the message's length: the array grows
 * through {@code ceil(length / 2^k)} for falling {@code k}, each step at most doubling it, instead of
 * doubling from 256 KiB and then copying once more into an array of the exact length. For a 2.26 MB
 * block that is 4.4 MB allocated and 2.1 MB copied instead of 6.0 MB and 3.8 MB.
 */
public final class ReserveAhead {

    /** Core's {@code MAX_RESERVE_AHEAD} (v1 and v2 transports alike): 256 KiB. */
    public static final int BYTES = 256 * 1024;

    private ReserveAhead() {
    }

    /**
     * The array size to use for a message of {@code length} bytes.
     *
     * @param length   the announced length (already checked against the protocol's cap)
     * @param need     the bytes the array must hold now: those received plus those about to be
     *                 written; at most {@code max(2 * received, received + BYTES)}
     * @param received the bytes of the message received so far (those in hand count as received)
     * @return the largest step {@code ceil(length / 2^k)} the rule allows, or {@code need} if that
     *         step is smaller; never more than {@code length}
     * @throws IllegalArgumentException if {@code need} exceeds the length or the rule
     */
    public static int capacity(int length, long need, long received) {
        long bound = Math.max(2 * received, received + BYTES);
        if (length < 0 || need < 0 || received < 0 || need > length || need > bound) {
            throw new IllegalArgumentException("need " + need + " of " + length + " bytes with " + received + " received");
        }
        long step = length;
        for (int k = 1; step > bound; k++) {
            step = ((long) length + (1L << k) - 1) >>> k; // ceil(length / 2^k)
        }
        return (int) Math.max(step, need);
    }
}
