package org.btcpeer.peer;

/**
 * Admission limits for inbound connections. A v2 handshake costs the responder an ElligatorSwift
 * encoding and an ECDH (about 0.25 ms of CPU); without limits a flood of half-open connections
 * could starve established peers. Connections beyond a limit are closed at once, before any
 * handshake work.
 *
 * @param maxInboundPeers         connected inbound peers at most (Core: {@code DEFAULT_MAX_PEER_CONNECTIONS} 125, less outbound)
 * @param maxConcurrentHandshakes transport + version handshakes in progress at most
 * @param handshakesPerSecond     sustained rate of new handshakes (a token bucket)
 * @param handshakeBurst          handshakes allowed in a burst above the rate
 */
public record InboundLimits(int maxInboundPeers, int maxConcurrentHandshakes, double handshakesPerSecond,
                            int handshakeBurst) {

    /** 117 inbound peers (Core's 125 less 8 outbound), 64 concurrent handshakes, 100 new per second, bursts of 200. */
    public static final InboundLimits DEFAULT = new InboundLimits(117, 64, 100, 200);

    /**
     * Validates the limits.
     *
     * @param maxInboundPeers         at least 1
     * @param maxConcurrentHandshakes at least 1
     * @param handshakesPerSecond     positive
     * @param handshakeBurst          at least 1
     */
    public InboundLimits {
        if (maxInboundPeers < 1 || maxConcurrentHandshakes < 1 || !(handshakesPerSecond > 0) || handshakeBurst < 1) {
            throw new IllegalArgumentException("inbound limits must be positive");
        }
    }
}
