package org.btcpeer.peer.connect;

import java.util.Objects;
import java.util.Optional;

import org.btcpeer.peer.Peer;
import org.btcpeer.transport.dial.DialTarget;

/**
 * A peer the {@link ConnectionManager} holds, with why it exists.
 *
 * @param peer   the peer
 * @param type   the connection type
 * @param target what was dialled (empty for inbound peers)
 */
public record ManagedPeer(Peer peer, ConnectionType type, Optional<DialTarget> target) {

    /**
     * Validates the fields.
     *
     * @param peer   peer
     * @param type   type
     * @param target target
     */
    public ManagedPeer {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
    }
}
