package org.btcpeer.chain.filter;

import java.util.Objects;

/**
 * A peer's BIP-157 answer does not agree with what the client already trusts (a filter header,
 * a checkpoint, the block itself). Retrying the same peer is pointless; the client asks another
 * peer and, once the liar is known, disconnects it.
 */
public final class FilterCheckException extends Exception {

    /** What did not agree. */
    public enum Failure {
        /** The message is for another filter type than the basic filter. */
        WRONG_FILTER_TYPE,
        /** The message names another block than the one asked for. */
        WRONG_BLOCK,
        /** cfheaders' previous filter header is not the header the client holds for that height. */
        WRONG_PREVIOUS_HEADER,
        /** The filter headers do not chain to the header the client expects (a checkpoint, or another peer's). */
        HEADER_MISMATCH,
        /** The filter bytes do not decode (the cause is the {@code WireException}). */
        MALFORMED_FILTER
    }

    private final Failure failure;

    /**
     * Creates the error.
     *
     * @param failure what did not agree
     * @param detail  the values involved
     * @param cause   the decoding error for {@link Failure#MALFORMED_FILTER}, else null
     */
    public FilterCheckException(Failure failure, String detail, Throwable cause) {
        super(failure.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + detail, cause, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** What did not agree. */
    public Failure failure() {
        return failure;
    }
}
