package org.btcpeer.node.relay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.connect.ConnectionManager;
import org.btcpeer.peer.connect.ConnectionType;
import org.btcpeer.peer.connect.ManagedPeer;

/**
 * Where {@link Relay} finds the peers to announce to, read at every announcement: an acceptor's
 * inbound peers, a connection manager's peers (its block-relay-only connections marked so), a set
 * the caller holds, or several of these at once.
 */
@FunctionalInterface
public interface RelayPeers {

    /** The peers now; a peer listed twice is announced to once. */
    List<RelayTarget> current();

    /**
     * The acceptor's peers.
     *
     * @param acceptor a running acceptor
     * @return its peers, read at each announcement
     */
    static RelayPeers of(PeerAcceptor acceptor) {
        Objects.requireNonNull(acceptor, "acceptor");
        return () -> acceptor.peers().stream().map(p -> new RelayTarget(p, false)).toList();
    }

    /**
     * The connection manager's peers; its {@link ConnectionType#BLOCK_RELAY} connections get blocks only.
     *
     * @param manager a running connection manager
     * @return its peers, read at each announcement
     */
    static RelayPeers of(ConnectionManager manager) {
        Objects.requireNonNull(manager, "manager");
        return () -> manager.peers().stream()
                .map((ManagedPeer m) -> new RelayTarget(m.peer(), m.type() == ConnectionType.BLOCK_RELAY))
                .toList();
    }

    /**
     * Peers the caller holds (a concurrent collection it updates, or a view).
     *
     * @param peers the peers, read at each announcement
     * @return the source
     */
    static RelayPeers ofPeers(Supplier<? extends Collection<Peer>> peers) {
        Objects.requireNonNull(peers, "peers");
        return () -> peers.get().stream().map(p -> new RelayTarget(p, false)).toList();
    }

    /**
     * Several sources at once.
     *
     * @param sources the sources
     * @return their peers together
     */
    static RelayPeers all(RelayPeers... sources) {
        List<RelayPeers> list = List.of(sources);
        return () -> {
            List<RelayTarget> out = new ArrayList<>();
            list.forEach(s -> out.addAll(s.current()));
            return out;
        };
    }
}
