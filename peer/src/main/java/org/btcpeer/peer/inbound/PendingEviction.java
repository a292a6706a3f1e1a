package org.btcpeer.peer.inbound;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Chooses which handshake in progress gives up its slot to a newer connection: the oldest pending
 * connection of the network group with the most pending connections (ties: the group whose oldest
 * is oldest). A flood from one group therefore evicts itself, while a lone honest handshake from
 * another group keeps its slot. Core has no separate rule (its pending peers are ordinary eviction
 * candidates with no ping and no relayed data); btcpeer evicts pending handshakes first so that an
 * idle half-open connection never costs a peer that finished its handshake its slot.
 */
public final class PendingEviction {

    private PendingEviction() {
    }

    /**
     * The pending connection to close, if there is one.
     *
     * @param pending the connections in their handshake (NoBan ones excluded by the caller)
     * @return the id to close, or empty when {@code pending} is empty
     */
    public static OptionalLong select(List<PendingConnection> pending) {
        Map<Long, Integer> counts = new HashMap<>();
        Map<Long, PendingConnection> oldest = new HashMap<>();
        for (PendingConnection p : pending) {
            counts.merge(p.keyedNetGroup(), 1, Integer::sum);
            oldest.merge(p.keyedNetGroup(), p, (a, b) -> b.acceptedNanos() < a.acceptedNanos() ? b : a);
        }
        PendingConnection best = null;
        int bestCount = 0;
        for (Map.Entry<Long, PendingConnection> e : oldest.entrySet()) {
            int count = counts.get(e.getKey());
            PendingConnection p = e.getValue();
            if (count > bestCount || (count == bestCount && p.acceptedNanos() < best.acceptedNanos())) {
                best = p;
                bestCount = count;
            }
        }
        return best == null ? OptionalLong.empty() : OptionalLong.of(best.id());
    }
}
