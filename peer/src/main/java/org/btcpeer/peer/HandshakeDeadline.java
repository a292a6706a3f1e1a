package org.btcpeer.peer;

import java.time.Duration;

/**
 * The one deadline a new connection has to finish both its transport handshake (v1 detection or
 * BIP-324) and its version handshake: Core's {@code m_peer_connect_timeout}
 * ({@code DEFAULT_PEER_CONNECT_TIMEOUT}, 60 s), counted from accept for inbound connections and
 * from the start of the dial for outbound ones, checked by {@code InactivityCheck}.
 * {@link PeerAcceptor} and {@link PeerConnector} start it and hand the same value to the transport
 * and then to the {@link Peer}, so the two phases cannot add up to twice the timeout.
 *
 * @param startNanos when the connection began, on the runtime's monotonic clock
 * @param timeout    how long both handshakes may take together
 */
public record HandshakeDeadline(long startNanos, Duration timeout) {

    /**
     * Validates the fields.
     *
     * @param startNanos the start
     * @param timeout    a positive duration
     */
    public HandshakeDeadline {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * A deadline starting now.
     *
     * @param time    the clock
     * @param timeout how long both handshakes may take
     * @return the deadline
     */
    public static HandshakeDeadline startingNow(TimeSource time, Duration timeout) {
        return new HandshakeDeadline(time.nanoTime(), timeout);
    }

    /** When the deadline passes, on the monotonic clock. */
    public long atNanos() {
        return startNanos + timeout.toNanos();
    }

    /**
     * The time left at {@code nowNanos}, at least one millisecond (a socket timeout of 0 would mean
     * "forever").
     *
     * @param nowNanos the current time
     * @return the time left
     */
    public Duration remaining(long nowNanos) {
        return Duration.ofNanos(Math.max(1_000_000L, atNanos() - nowNanos));
    }
}
