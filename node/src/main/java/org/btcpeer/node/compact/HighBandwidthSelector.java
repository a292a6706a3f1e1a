package org.btcpeer.node.compact;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.peer.Peer;
import org.btcpeer.wire.message.SendCmpctMessage;

/**
 * Chooses the peers that announce new blocks to us with cmpctblock right away (BIP-152 high
 * bandwidth), as Core's {@code MaybeSetPeerAsAnnouncingHeaderAndIDs}: at most
 * {@value #MAX_HIGH_BANDWIDTH_PEERS}, the ones that most recently gave us a new block. A peer
 * entering the list is sent {@code sendcmpct(1, 2)}; the one it pushes out, the longest-standing,
 * is sent {@code sendcmpct(0, 2)}. An inbound peer never pushes out the last outbound one (so an
 * attacker's inbound connections cannot take all three slots).
 *
 * <p>Call {@link #blockProvidedBy} when a peer delivered a block that became our tip (Core calls it
 * once the block validated; btcpeer does not validate, so the application decides). Every peer's
 * handshake sends {@code sendcmpct(0, 2)} already ({@code PeerConfig.compactBlocks}), so the
 * others stay low-bandwidth. Difference from Core: a disconnected peer leaves the list at once
 * (Core keeps its id until it is pushed out).
 *
 * <p>Thread-safe; messages are sent after the lock is released.
 */
public final class HighBandwidthSelector {

    /** BIP-152: "only get 3 of our peers to announce blocks using compact encodings". */
    public static final int MAX_HIGH_BANDWIDTH_PEERS = 3;

    /** A selector with no high-bandwidth peers yet. */
    public HighBandwidthSelector() {
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Oldest first (Core's {@code lNodesAnnouncingHeaderAndIDs}). */
    private final List<Peer> chosen = new ArrayList<>(MAX_HIGH_BANDWIDTH_PEERS);

    /**
     * Records that {@code peer} gave us a new block: it becomes (or stays, now as the newest) a
     * high-bandwidth peer if it sent {@code sendcmpct} version 2.
     *
     * @param peer the peer
     * @return whether the peer was newly selected (a {@code sendcmpct(1, 2)} went out)
     */
    public boolean blockProvidedBy(Peer peer) {
        if (peer.features().peerCompactVersion() != SendCmpctMessage.CMPCTBLOCKS_VERSION || !peer.isConnected()) {
            return false; // Core: "Don't request compact blocks if the peer has not signalled support"
        }
        Peer dropped = null;
        lock.lock();
        try {
            chosen.removeIf(p -> !p.isConnected());
            if (chosen.remove(peer)) {
                chosen.add(peer); // already high-bandwidth: now the most recent provider
                return false;
            }
            long outbound = chosen.stream().filter(p -> !p.isInbound()).count();
            if (peer.isInbound() && chosen.size() >= MAX_HIGH_BANDWIDTH_PEERS && outbound == 1 && !chosen.get(0).isInbound()) {
                // keep the last outbound high-bandwidth peer: move it out of the slot about to be freed
                chosen.set(0, chosen.set(1, chosen.get(0)));
            }
            if (chosen.size() >= MAX_HIGH_BANDWIDTH_PEERS) {
                dropped = chosen.remove(0);
            }
            chosen.add(peer);
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            dropped.send(new SendCmpctMessage(false, SendCmpctMessage.CMPCTBLOCKS_VERSION));
        }
        peer.send(new SendCmpctMessage(true, SendCmpctMessage.CMPCTBLOCKS_VERSION));
        peer.disconnected().thenRun(() -> forget(peer));
        return true;
    }

    /**
     * The high-bandwidth peers that are still connected (a disconnected one leaves at once, even
     * before its {@code disconnected()} callbacks have run).
     *
     * @return them, the longest-standing first
     */
    public List<Peer> highBandwidthPeers() {
        lock.lock();
        try {
            chosen.removeIf(p -> !p.isConnected());
            return List.copyOf(chosen);
        } finally {
            lock.unlock();
        }
    }

    private void forget(Peer peer) {
        lock.lock();
        try {
            chosen.remove(peer);
        } finally {
            lock.unlock();
        }
    }
}
