package org.btcpeer.transport;

import java.util.Objects;
import java.util.Optional;

import org.btcpeer.wire.WireException;

/**
 * A transport-level failure: the byte stream broke a framing or encryption rule, or the
 * handshake failed. Each has a {@link Reason}; the peer module turns it into a disconnect reason.
 *
 * <p>{@link #suggestsV1Retry()} says whether Bitcoin Core would reconnect to the same address
 * with the v1 transport ({@code V2Transport::ShouldReconnectV1}): true only when we initiated v2,
 * sent our key, and the connection ended (closed, reset or timed out) before we received anything.
 */
public final class TransportException extends Exception {

    /** Why the transport failed. */
    public enum Reason {
        /** v1: a header started with another network's magic (Core disconnects). */
        BAD_MAGIC,
        /**
         * A message announced a payload above {@code MAX_PROTOCOL_MESSAGE_LENGTH} or its command's cap
         * (v1: from the header, before reading it), or a v2 packet a length above {@code MAX_CONTENTS_LEN}
         * (before allocating). A v2 payload above its command's cap is only known after decryption: the
         * packet was then consumed and the stream is still in sync.
         */
        OVERSIZED_MESSAGE,
        /** v1: the 12-byte command field is not printable ASCII followed by NUL padding. */
        BAD_COMMAND,
        /** A complete payload failed to decode; see {@link #wireCause()}. The frame was consumed: the stream is still in sync. */
        MALFORMED_PAYLOAD,
        /** v2: no garbage terminator within the first 4095 garbage bytes (Core's {@code MAX_GARBAGE_LEN}). */
        GARBAGE_TOO_LONG,
        /** v2: a packet's authentication tag did not verify; nothing of it was delivered. */
        AUTHENTICATION_FAILED,
        /** v2: the peer's key material or handshake bytes are invalid. */
        BAD_HANDSHAKE,
        /** v2 responder: the peer sent a v1 version header for another network (Core: "V1 peer with wrong MessageStart"). */
        V1_PEER_WRONG_NETWORK,
        /** The policy requires v2 but the peer speaks v1, or forbids v2 and the peer speaks v2. */
        POLICY_MISMATCH,
        /**
         * The handshake did not finish before its deadline (default 60 s, Core's
         * {@code DEFAULT_PEER_CONNECT_TIMEOUT}); suggests a v1 retry under the same rule as
         * {@link #CONNECTION_CLOSED}.
         */
        HANDSHAKE_TIMEOUT,
        /**
         * The peer closed the connection (end of stream) in the middle of a message or handshake, or
         * the handshake failed with an I/O error (a reset). Suggests a v1 retry when we initiated v2,
         * sent our key and received nothing at all (Core's {@code ShouldReconnectV1}).
         */
        CONNECTION_CLOSED
    }

    private final Reason reason;
    private final boolean suggestsV1Retry;
    private final WireException wireCause;

    /** The message without the reason in front, so a wrapper can add to it without repeating the reason. */
    private final String detail;

    /**
     * A transport failure.
     *
     * @param reason  the reason
     * @param message a clear description with the values involved
     */
    public TransportException(Reason reason, String message) {
        this(reason, message, false, null);
    }

    /**
     * A transport failure that may suggest a v1 retry.
     *
     * @param reason          the reason
     * @param message         a clear description
     * @param suggestsV1Retry whether reconnecting with v1 makes sense (Core's {@code ShouldReconnectV1})
     */
    public TransportException(Reason reason, String message, boolean suggestsV1Retry) {
        this(reason, message, suggestsV1Retry, null);
    }

    /**
     * A transport failure caused by another exception, for example the I/O error that ended a
     * handshake.
     *
     * @param reason          the reason
     * @param message         a clear description
     * @param suggestsV1Retry whether reconnecting with v1 makes sense (Core's {@code ShouldReconnectV1})
     * @param cause           the underlying exception, or null; a {@link WireException} becomes {@link #wireCause()}
     */
    public TransportException(Reason reason, String message, boolean suggestsV1Retry, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = message;
        this.suggestsV1Retry = suggestsV1Retry;
        this.wireCause = cause instanceof WireException w ? w : null;
    }

    /**
     * A complete payload that failed to decode.
     *
     * @param cause the codec's error (command, field, offset, rule)
     * @return the exception
     */
    public static TransportException malformed(WireException cause) {
        return new TransportException(Reason.MALFORMED_PAYLOAD, cause.getMessage(), false, cause);
    }

    /** The reason. */
    public Reason reason() {
        return reason;
    }

    /** Whether Bitcoin Core would retry this address with the v1 transport. */
    public boolean suggestsV1Retry() {
        return suggestsV1Retry;
    }

    /** The codec error behind a {@link Reason#MALFORMED_PAYLOAD}. */
    public Optional<WireException> wireCause() {
        return Optional.ofNullable(wireCause);
    }

    /**
     * What went wrong, without the {@link #reason()} that {@link #getMessage()} starts with.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }
}
