package org.btcpeer.peer;

import java.util.Objects;

/**
 * Why a request future of {@link PeerRequests} failed: the peer said it does not have the item,
 * did not answer in time, went away, or the request was refused before it was sent.
 */
public final class RequestFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Reason {
        /** The peer answered {@code notfound} for the item. */
        NOT_FOUND,
        /** No answer within the request's timeout. */
        TIMEOUT,
        /** The peer disconnected (or was never connected) before answering. */
        DISCONNECTED,
        /** Too many requests of this peer are in flight; nothing was sent. */
        TOO_MANY_IN_FLIGHT,
        /** The peer cannot answer this request (e.g. no pong before BIP-31, no wtxid before BIP-339). */
        UNSUPPORTED,
        /** The peer answered with something else than the answer due next (e.g. a cfilter for another block). */
        WRONG_REPLY,
        /** {@link Peer#send} refused the request at once (the cause: {@link SendRefusedException}, {@link SendQueueFullException}). */
        NOT_SENT
    }

    private final Reason reason;
    private final String request;

    /**
     * Creates the error.
     *
     * @param reason  why it failed
     * @param request what was asked, e.g. {@code "block 0000…"}
     * @param detail  more detail for the message
     */
    public RequestFailedException(Reason reason, String request, String detail) {
        this(reason, request, detail, null);
    }

    /**
     * Creates the error with its cause.
     *
     * @param reason  why it failed
     * @param request what was asked
     * @param detail  more detail for the message
     * @param cause   what made it fail, or null
     */
    public RequestFailedException(Reason reason, String request, String detail, Throwable cause) {
        super(request + ": " + reason + (detail.isEmpty() ? "" : " (" + detail + ")"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.request = Objects.requireNonNull(request, "request");
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }

    /** What was asked. */
    public String request() {
        return request;
    }
}
