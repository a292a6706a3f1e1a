package org.btcpeer.chain.client;

import java.util.Objects;

/** Why a {@link FilterClient} scan ended without a result. */
public final class FilterClientException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Failure {
        /** None of the peers given offers {@code NODE_COMPACT_FILTERS}, or none is connected. */
        NO_FILTER_PEERS,
        /** Every filter peer failed to answer, went away or was dropped as a liar. */
        NO_PEER_LEFT,
        /** Peers disagree on a filter header and the block's evidence convicts none of them. */
        UNRESOLVED_DISAGREEMENT,
        /** The caller stopped the client. */
        STOPPED
    }

    private final Failure failure;

    /**
     * Creates the error.
     *
     * @param failure what went wrong
     * @param detail  heights, peers and values involved
     */
    public FilterClientException(Failure failure, String detail) {
        super(failure.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + detail);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** What went wrong. */
    public Failure failure() {
        return failure;
    }
}
