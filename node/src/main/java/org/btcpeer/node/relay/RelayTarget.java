package org.btcpeer.node.relay;

import java.util.Objects;

import org.btcpeer.peer.Peer;

/**
 * A peer {@link Relay} may announce to.
 *
 * @param peer           the peer
 * @param blockRelayOnly a block-relay-only connection (Core's {@code BLOCK_RELAY}): blocks only, never
 *                       transactions, whatever its version said
 */
public record RelayTarget(Peer peer, boolean blockRelayOnly) {

    /**
     * Checks the peer.
     *
     * @param peer           the peer
     * @param blockRelayOnly whether it is block-relay-only
     */
    public RelayTarget {
        Objects.requireNonNull(peer, "peer");
    }
}
