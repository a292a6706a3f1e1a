package org.btcpeer.peer.inbound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

import org.btcpeer.wire.NetworkId;

/**
 * Chooses the inbound peer to disconnect so a new connection can have its slot: Bitcoin Core's
 * {@code SelectNodeToEvict} (node/eviction.cpp), step for step. Protected, in this order:
 * <ol>
 *   <li>4 peers by keyed network group (an attacker cannot predict which groups);</li>
 *   <li>the 8 with the lowest minimum ping (cannot be faked without moving closer);</li>
 *   <li>the 4 that most recently sent novel transactions;</li>
 *   <li>up to 8 block-relay-only peers (no tx relay, relevant services) that most recently sent novel blocks;</li>
 *   <li>the 4 that most recently sent novel blocks;</li>
 *   <li>half of the rest by uptime, up to half of that half reserved for CJDNS, I2P, localhost and
 *       Tor peers ({@code ProtectEvictionCandidatesByRatio}).</li>
 * </ol>
 * Of the rest, if any is {@link EvictionCandidate#preferEvict()} only those are considered; then the
 * youngest connection of the network group with the most connections is chosen (ties: the group
 * whose youngest member connected last). Callers pass inbound peers only, without NoBan
 * permission, not already disconnecting (Core's {@code ProtectNoBanConnections} and
 * {@code ProtectOutboundConnections}).
 */
public final class EvictionSelector {

    /** Core: "Deterministically select 4 peers to protect by netgroup". */
    static final int PROTECT_BY_NETGROUP = 4;
    /** Core: "Protect the 8 nodes with the lowest minimum ping time". */
    static final int PROTECT_BY_PING = 8;
    /** Core: "Protect 4 nodes that most recently sent us novel transactions". */
    static final int PROTECT_BY_TX = 4;
    /** Core: "Protect up to 8 non-tx-relay peers that have sent us novel blocks". */
    static final int PROTECT_BLOCK_RELAY_ONLY = 8;
    /** Core: "Protect 4 nodes that most recently sent us novel blocks". */
    static final int PROTECT_BY_BLOCK = 4;

    /** Younger connections first, so erasing from the end protects the oldest (Core's {@code ReverseCompareNodeTimeConnected}). */
    private static final Comparator<EvictionCandidate> YOUNGEST_FIRST =
            Comparator.comparingLong(EvictionCandidate::connectedNanos).reversed();

    private EvictionSelector() {
    }

    /**
     * The peer to evict, if any is left unprotected.
     *
     * @param candidates inbound peers that may be evicted (not modified)
     * @return the id of the peer to evict, or empty when every candidate is protected
     */
    public static OptionalLong select(List<EvictionCandidate> candidates) {
        List<EvictionCandidate> c = new ArrayList<>(candidates);
        eraseLast(c, Comparator.comparingLong(EvictionCandidate::keyedNetGroup), PROTECT_BY_NETGROUP, n -> true);
        eraseLast(c, Comparator.comparingLong(EvictionCandidate::minPingNanos).reversed(), PROTECT_BY_PING, n -> true);
        eraseLast(c, Comparator.comparingLong(EvictionCandidate::lastTxNanos)
                .thenComparing(EvictionCandidate::relayTxs)
                .thenComparing(n -> !n.bloomFilter())
                .thenComparing(YOUNGEST_FIRST), PROTECT_BY_TX, n -> true);
        eraseLast(c, Comparator.comparing((EvictionCandidate n) -> !n.relayTxs())
                .thenComparingLong(EvictionCandidate::lastBlockNanos)
                .thenComparing(EvictionCandidate::relevantServices)
                .thenComparing(YOUNGEST_FIRST), PROTECT_BLOCK_RELAY_ONLY, n -> !n.relayTxs() && n.relevantServices());
        eraseLast(c, Comparator.comparingLong(EvictionCandidate::lastBlockNanos)
                .thenComparing(EvictionCandidate::relevantServices)
                .thenComparing(YOUNGEST_FIRST), PROTECT_BY_BLOCK, n -> true);
        protectByRatio(c);
        if (c.isEmpty()) {
            return OptionalLong.empty();
        }
        if (c.stream().anyMatch(EvictionCandidate::preferEvict)) {
            c.removeIf(n -> !n.preferEvict());
        }
        // c is sorted youngest first (the last step of protectByRatio), so each group's first member is its youngest.
        Map<Long, List<EvictionCandidate>> groups = new LinkedHashMap<>();
        long chosen = 0;
        int most = 0;
        long mostTime = Long.MIN_VALUE;
        for (EvictionCandidate n : c) {
            List<EvictionCandidate> g = groups.computeIfAbsent(n.keyedNetGroup(), k -> new ArrayList<>());
            g.add(n);
            long groupTime = g.get(0).connectedNanos();
            if (g.size() > most || (g.size() == most && groupTime > mostTime)) {
                most = g.size();
                mostTime = groupTime;
                chosen = n.keyedNetGroup();
            }
        }
        return OptionalLong.of(groups.get(chosen).get(0).id());
    }

    /** Core's {@code ProtectEvictionCandidatesByRatio}: protects half by uptime, up to a quarter for disadvantaged networks. */
    static void protectByRatio(List<EvictionCandidate> c) {
        int initialSize = c.size();
        int totalProtect = initialSize / 2;
        // Core's order: CJDNS, I2P, localhost, Tor; a stable sort by count lets the rarer ones reclaim unused slots first.
        List<DisadvantagedNet> nets = new ArrayList<>(List.of(
                new DisadvantagedNet(false, NetworkId.CJDNS), new DisadvantagedNet(false, NetworkId.I2P),
                new DisadvantagedNet(true, null), new DisadvantagedNet(false, NetworkId.TORV3)));
        for (DisadvantagedNet n : nets) {
            n.count = (int) c.stream().filter(n::matches).count();
        }
        nets.sort(Comparator.comparingInt(n -> n.count));
        int maxByNetwork = totalProtect / 2;
        int protectedCount = 0;
        outer:
        while (protectedCount < maxByNetwork) {
            long withPeers = nets.stream().filter(n -> n.count > 0).count();
            if (withPeers == 0) {
                break;
            }
            int perNetwork = (int) Math.max((maxByNetwork - protectedCount) / withPeers, 1);
            boolean protectedOne = false;
            for (DisadvantagedNet n : nets) {
                if (n.count == 0) {
                    continue;
                }
                int before = c.size();
                eraseLast(c, n.order(), perNetwork, n::matches);
                int delta = before - c.size();
                if (delta > 0) {
                    protectedOne = true;
                    protectedCount += delta;
                    if (protectedCount >= maxByNetwork) {
                        break outer;
                    }
                    n.count -= delta;
                }
            }
            if (!protectedOne) {
                break;
            }
        }
        eraseLast(c, YOUNGEST_FIRST, totalProtect - protectedCount, n -> true);
    }

    /** Sorts by {@code order}, then removes those of the last {@code k} that match (Core's {@code EraseLastKElements}). */
    private static void eraseLast(List<EvictionCandidate> c, Comparator<EvictionCandidate> order, int k,
                                  Predicate<EvictionCandidate> protect) {
        c.sort(order);
        int from = c.size() - Math.min(k, c.size());
        List<EvictionCandidate> tail = c.subList(from, c.size());
        tail.removeIf(protect);
    }

    /** One of the networks whose peers get a share of the uptime protection. */
    private static final class DisadvantagedNet {
        final boolean local;
        final NetworkId network;
        int count;

        DisadvantagedNet(boolean local, NetworkId network) {
            this.local = local;
            this.network = network;
        }

        boolean matches(EvictionCandidate n) {
            return local ? n.local() : n.network() == network;
        }

        /** Core's {@code CompareNodeNetworkTime}: others first, then this network's peers, youngest first within each. */
        Comparator<EvictionCandidate> order() {
            return Comparator.comparing(this::matches).thenComparing(YOUNGEST_FIRST);
        }
    }
}
