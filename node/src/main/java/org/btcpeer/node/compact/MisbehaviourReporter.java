package org.btcpeer.node.compact;

import java.util.Objects;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;

/**
 * Where compact block misbehaviour goes. For inbound peers this is normally
 * {@link #discouragingVia(PeerAcceptor)} (disconnect and discourage, as Core's {@code Misbehaving});
 * {@link #disconnecting()} only disconnects.
 */
@FunctionalInterface
public interface MisbehaviourReporter {

    /**
     * Deals with a peer that misbehaved.
     *
     * @param peer   the peer
     * @param what   which rule it broke
     * @param detail the specifics, for the disconnect detail and logs
     */
    void report(Peer peer, CompactMisbehaviour what, String detail);

    /**
     * Reports to the acceptor, which disconnects the peer with {@code PROTOCOL_VIOLATION} and
     * discourages its address.
     *
     * @param acceptor the acceptor the peers came from
     * @return the reporter
     */
    static MisbehaviourReporter discouragingVia(PeerAcceptor acceptor) {
        Objects.requireNonNull(acceptor, "acceptor");
        return (peer, what, detail) -> acceptor.reportMisbehaving(peer, what.coreMessage() + ": " + detail);
    }

    /**
     * Disconnects the peer ({@link Peer#disconnect(String)}), naming the misbehaviour.
     *
     * @return the reporter
     */
    static MisbehaviourReporter disconnecting() {
        return (peer, what, detail) -> peer.disconnect("misbehaving: " + what.coreMessage() + ": " + detail);
    }
}
