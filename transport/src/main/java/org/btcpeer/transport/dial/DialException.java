package org.btcpeer.transport.dial;

import java.io.IOException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A dial that failed for a reason of the dialer's own: a target that needs a proxy, or a SOCKS5
 * proxy that refused, misbehaved or reported a failure (RFC 1928 section 6, RFC 1929, and Tor's
 * onion-service extensions). Plain TCP failures stay the JDK's {@link IOException}s
 * ({@link java.net.ConnectException}, {@link java.net.SocketTimeoutException}, ...).
 */
public final class DialException extends IOException {

    /** Why the dial failed. */
    public enum Reason {
        /** A Tor v3 or I2P address (or an .onion/.i2p name) was given to a dialer without a proxy. */
        NEEDS_PROXY,
        /** The TCP connection to the proxy itself failed (refused, unreachable, timed out); see the cause. */
        PROXY_CONNECT_FAILED,
        /** The proxy did not complete its negotiation within the dial timeout. */
        PROXY_TIMEOUT,
        /** The proxy closed the connection in the middle of its negotiation (a truncated reply). */
        PROXY_CLOSED,
        /** The proxy's bytes break RFC 1928/1929: wrong version, non-zero reserved byte, unknown address type, a method we did not offer. */
        BAD_PROXY_REPLY,
        /** The proxy accepts none of the authentication methods we offered (method {@code 0xFF}). */
        NO_ACCEPTABLE_METHOD,
        /** The proxy refused our username and password (RFC 1929 status other than 0). */
        AUTH_REFUSED,
        /** Reply {@code 0x01}: general SOCKS server failure. */
        GENERAL_FAILURE,
        /** Reply {@code 0x02}: connection not allowed by ruleset. */
        NOT_ALLOWED,
        /** Reply {@code 0x03}: network unreachable. */
        NETWORK_UNREACHABLE,
        /** Reply {@code 0x04}: host unreachable. */
        HOST_UNREACHABLE,
        /** Reply {@code 0x05}: connection refused by the target. */
        CONNECTION_REFUSED,
        /** Reply {@code 0x06}: TTL expired. */
        TTL_EXPIRED,
        /** Reply {@code 0x07}: command not supported. */
        COMMAND_NOT_SUPPORTED,
        /** Reply {@code 0x08}: address type not supported. */
        ADDRESS_TYPE_NOT_SUPPORTED,
        /** Replies {@code 0xF0}..{@code 0xF7}: Tor's onion-service errors (descriptor not found, introduction failed, ...); the message names which. */
        ONION_SERVICE_FAILURE,
        /** Any other non-zero reply code. */
        UNKNOWN_REPLY;

        /**
         * The reason for a SOCKS5 reply code other than success.
         *
         * @param code the REP byte, 1..255
         * @return the reason
         */
        public static Reason ofReplyCode(int code) {
            return switch (code) {
                case 0x01 -> GENERAL_FAILURE;
                case 0x02 -> NOT_ALLOWED;
                case 0x03 -> NETWORK_UNREACHABLE;
                case 0x04 -> HOST_UNREACHABLE;
                case 0x05 -> CONNECTION_REFUSED;
                case 0x06 -> TTL_EXPIRED;
                case 0x07 -> COMMAND_NOT_SUPPORTED;
                case 0x08 -> ADDRESS_TYPE_NOT_SUPPORTED;
                case 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7 -> ONION_SERVICE_FAILURE;
                default -> UNKNOWN_REPLY;
            };
        }
    }

    private final Reason reason;
    private final int replyCode;

    /**
     * A dial failure without a SOCKS5 reply code.
     *
     * @param reason  the reason
     * @param message what happened, naming the target or proxy
     */
    public DialException(Reason reason, String message) {
        this(reason, message, -1, null);
    }

    /**
     * A dial failure.
     *
     * @param reason    the reason
     * @param message   what happened
     * @param replyCode the SOCKS5 reply code, or -1
     * @param cause     the underlying exception, or null
     */
    public DialException(Reason reason, String message, int replyCode, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.replyCode = replyCode;
    }

    /** The reason. */
    public Reason reason() {
        return reason;
    }

    /** The SOCKS5 reply code ({@code REP}) when the proxy reported a failure. */
    public OptionalInt replyCode() {
        return replyCode < 0 ? OptionalInt.empty() : OptionalInt.of(replyCode);
    }
}
