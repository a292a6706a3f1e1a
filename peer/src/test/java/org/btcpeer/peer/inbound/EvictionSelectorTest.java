package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.wire.NetworkId;
import org.junit.jupiter.api.Test;

/**
 * Core's eviction rules (node/eviction.cpp), one protection category per test, in the manner of
 * Core's eviction_tests.cpp: every scenario is run over many shuffles of the candidate order (the
 * sort ties then fall differently) and the protected peers must never be chosen.
 */
class EvictionSelectorTest {

    private static final int SHUFFLES = 200;

    private final ManualClock clock = new ManualClock();

    /** {@code n} peers connected one second apart (id 0 oldest), all in network group 1, with Core's defaults. */
    private List<EvictionCandidate> peers(int n, UnaryOperator<EvictionCandidate> tweak) {
        List<EvictionCandidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(tweak.apply(EvictionCandidate.fresh(i, clock.nanoTime(), 1, NetworkId.IPV4)));
            clock.advance(Duration.ofSeconds(1));
        }
        return out;
    }

    /** Every id chosen over many shuffled orders. */
    private static Set<Long> evictedOverShuffles(List<EvictionCandidate> candidates) {
        Set<Long> evicted = new HashSet<>();
        Random r = new Random(7);
        for (int i = 0; i < SHUFFLES; i++) {
            List<EvictionCandidate> c = new ArrayList<>(candidates);
            Collections.shuffle(c, r);
            OptionalLong id = EvictionSelector.select(c);
            id.ifPresent(evicted::add);
        }
        return evicted;
    }

    private static EvictionCandidate with(EvictionCandidate c, long minPing, long lastBlock, long lastTx, boolean relevant,
                                          boolean relayTxs, long group, boolean prefer, boolean local, NetworkId net) {
        return new EvictionCandidate(c.id(), c.connectedNanos(), minPing, lastBlock, lastTx, relevant, relayTxs,
                c.bloomFilter(), group, prefer, local, net);
    }

    private static Set<Long> ids(long from, long to) {
        Set<Long> s = new HashSet<>();
        for (long i = from; i < to; i++) {
            s.add(i);
        }
        return s;
    }

    private static boolean disjoint(Set<Long> a, Set<Long> b) {
        return a.stream().noneMatch(b::contains);
    }

    @Test
    void nothingToEvictWhenEmptyOrFewerThanTheProtectedCount() {
        assertTrue(EvictionSelector.select(List.of()).isEmpty());
        // 4 by netgroup + 8 by ping + 4 by tx + 4 by block = 20: with 20 candidates all are protected, as in Core.
        assertTrue(evictedOverShuffles(peers(20, c -> c)).isEmpty());
        assertFalse(evictedOverShuffles(peers(21, c -> c)).isEmpty());
    }

    @Test
    void theEightLowestMinimumPingsAreProtected() {
        // The 8 youngest have the lowest pings: without the rule they would be evicted first.
        List<EvictionCandidate> c = peers(40, p -> with(p, p.id() >= 32 ? 1_000 + p.id() : 50_000_000 + p.id(),
                EvictionCandidate.NEVER, EvictionCandidate.NEVER, false, false, 1, false, false, NetworkId.IPV4));
        Set<Long> evicted = evictedOverShuffles(c);
        assertFalse(evicted.isEmpty());
        assertTrue(disjoint(evicted, ids(32, 40)), "evicted " + evicted);
    }

    @Test
    void theFourMostRecentNovelTransactionSendersAreProtected() {
        List<EvictionCandidate> c = peers(40, p -> with(p, EvictionCandidate.NO_PING, EvictionCandidate.NEVER,
                p.id() >= 36 ? p.connectedNanos() : EvictionCandidate.NEVER, false, true, 1, false, false, NetworkId.IPV4));
        Set<Long> evicted = evictedOverShuffles(c);
        assertFalse(evicted.isEmpty());
        assertTrue(disjoint(evicted, ids(36, 40)), "evicted " + evicted);
    }

    @Test
    void theFourMostRecentNovelBlockSendersAreProtected() {
        List<EvictionCandidate> c = peers(40, p -> with(p, EvictionCandidate.NO_PING,
                p.id() >= 36 ? p.connectedNanos() : EvictionCandidate.NEVER, EvictionCandidate.NEVER, true, true, 1,
                false, false, NetworkId.IPV4));
        Set<Long> evicted = evictedOverShuffles(c);
        assertFalse(evicted.isEmpty());
        assertTrue(disjoint(evicted, ids(36, 40)), "evicted " + evicted);
    }

    @Test
    void upToEightBlockRelayOnlyPeersThatSentBlocksAreProtectedBeyondTheFourByBlockTime() {
        // 12 youngest are block-relay-only (no tx relay, relevant services) and sent blocks: 8 + 4 protected.
        List<EvictionCandidate> c = peers(60, p -> with(p, EvictionCandidate.NO_PING,
                p.id() >= 48 ? p.connectedNanos() : EvictionCandidate.NEVER, EvictionCandidate.NEVER, true,
                p.id() < 48, 1, false, false, NetworkId.IPV4));
        Set<Long> evicted = evictedOverShuffles(c);
        assertFalse(evicted.isEmpty());
        assertTrue(disjoint(evicted, ids(48, 60)), "evicted " + evicted);
    }

    @Test
    void blockRelayOnlyProtectionNeedsRelevantServices() {
        // Same as above without relevant services: only the 4 by block time are protected, so 8 of the 12 are exposed.
        List<EvictionCandidate> c = peers(60, p -> with(p, EvictionCandidate.NO_PING,
                p.id() >= 48 ? p.connectedNanos() : EvictionCandidate.NEVER, EvictionCandidate.NEVER, false,
                p.id() < 48, 1, false, false, NetworkId.IPV4));
        Set<Long> evicted = evictedOverShuffles(c);
        assertTrue(disjoint(evicted, ids(56, 60)), "evicted " + evicted);
        assertFalse(disjoint(evicted, ids(48, 56)), "evicted " + evicted);
    }

    @Test
    void fourPeersAreProtectedByKeyedNetworkGroup() {
        // The 4 youngest share the highest keyed group, so they would be the most crowded group; every other peer is
        // alone in a lower group. Netgroup protection takes the 4 highest-keyed candidates: that whole group. They have
        // the worst pings, so the ping rule (which would keep the netgroup sort order on ties) cannot save them instead.
        List<EvictionCandidate> c = peers(40, p -> with(p, 1_000_000L * (100 + p.id()), EvictionCandidate.NEVER,
                EvictionCandidate.NEVER, false, false, p.id() >= 36 ? 1_000 : p.id(), false, false, NetworkId.IPV4));
        Set<Long> evicted = evictedOverShuffles(c);
        assertFalse(evicted.isEmpty());
        assertTrue(disjoint(evicted, ids(36, 40)), "evicted " + evicted);
    }

    @Test
    void theOlderHalfOfTheRestIsProtected() {
        // No other attribute: 20 are protected by the fixed categories, then half of the remaining 20 by uptime.
        // Whatever the order, the 10 oldest of the whole set can never be reached.
        Set<Long> evicted = evictedOverShuffles(peers(40, c -> c));
        assertFalse(evicted.isEmpty());
        assertTrue(disjoint(evicted, ids(0, 10)), "evicted " + evicted);
    }

    @Test
    void evictsTheYoungestOfTheMostCrowdedNetworkGroup() {
        // Group 7 holds 30 peers, group 8 holds 10 younger ones; the crowded group pays, with its youngest unprotected member.
        List<EvictionCandidate> c = peers(40, p -> with(p, EvictionCandidate.NO_PING, EvictionCandidate.NEVER,
                EvictionCandidate.NEVER, false, false, p.id() < 30 ? 7 : 8, false, false, NetworkId.IPV4));
        List<EvictionCandidate> ordered = new ArrayList<>(c);
        long chosen = EvictionSelector.select(ordered).orElseThrow();
        assertTrue(chosen < 30, "evicted " + chosen);
        Set<Long> evicted = evictedOverShuffles(c);
        assertTrue(evicted.stream().allMatch(id -> id < 30), "evicted " + evicted);
    }

    @Test
    void equalGroupsLoseTheOneWhoseYoungestConnectedLast() {
        // Two groups of equal size after protection: the group whose youngest member is younger is chosen.
        List<EvictionCandidate> c = new ArrayList<>();
        for (int i = 0; i < 42; i++) {
            c.add(with(EvictionCandidate.fresh(i, i * 1_000_000_000L, 0, NetworkId.IPV4), EvictionCandidate.NO_PING,
                    EvictionCandidate.NEVER, EvictionCandidate.NEVER, false, false, i % 2 == 0 ? 3 : 4, false, false,
                    NetworkId.IPV4));
        }
        // The youngest overall (41) is in group 4 and is protected by netgroup only if the keyed sort puts it last.
        OptionalLong id = EvictionSelector.select(c);
        assertTrue(id.isPresent());
        EvictionCandidate chosen = c.get((int) id.getAsLong());
        long sameGroup = c.stream().filter(x -> x.keyedNetGroup() == chosen.keyedNetGroup()).count();
        assertEquals(21, sameGroup);
    }

    @Test
    void discouragedPeersAreEvictedFirstOnceUnprotected() {
        // Peer 30 is alone in the lowest keyed group (never protected by netgroup), so normally the crowded group 1 pays.
        // Discouraged (prefer_evict), it is chosen whenever no other rule protected it.
        assertFalse(evictedOverShuffles(discouragedScenario(false)).contains(30L));
        List<EvictionCandidate> c = discouragedScenario(true);
        Random r = new Random(11);
        int chosen = 0;
        for (int i = 0; i < SHUFFLES; i++) {
            List<EvictionCandidate> s = new ArrayList<>(c);
            Collections.shuffle(s, r);
            if (EvictionSelector.select(s).orElseThrow() == 30L) {
                chosen++;
            }
        }
        assertTrue(chosen > SHUFFLES / 2, "chosen " + chosen + " of " + SHUFFLES);
    }

    private List<EvictionCandidate> discouragedScenario(boolean discouraged) {
        return peers(40, p -> with(p, EvictionCandidate.NO_PING, EvictionCandidate.NEVER, EvictionCandidate.NEVER,
                false, false, p.id() == 30 ? 0 : 1, discouraged && p.id() == 30, false, NetworkId.IPV4));
    }

    @Test
    void ratioProtectsHalfByUptimeWhenNoDisadvantagedNetwork() {
        List<EvictionCandidate> c = peers(12, p -> p);
        EvictionSelector.protectByRatio(c);
        assertEquals(ids(6, 12), c.stream().map(EvictionCandidate::id).collect(Collectors.toSet()));
    }

    @Test
    void ratioReservesAQuarterForTorEvenIfYoungest() {
        // 16 peers, the 4 youngest on Tor: half (8) protected, 4 of them for Tor, the other 4 are the oldest IPv4 ones.
        List<EvictionCandidate> c = peers(16, p -> with(p, p.minPingNanos(), p.lastBlockNanos(), p.lastTxNanos(), false,
                false, 1, false, false, p.id() >= 12 ? NetworkId.TORV3 : NetworkId.IPV4));
        EvictionSelector.protectByRatio(c);
        assertEquals(ids(4, 12), c.stream().map(EvictionCandidate::id).collect(Collectors.toSet()));
    }

    @Test
    void ratioSharesTheQuarterAmongLocalhostI2pCjdnsAndTor() {
        // 16 peers: two each of CJDNS, I2P, localhost and Tor among the 8 youngest. The quarter (4) gives one to each
        // network (its oldest), then the 4 oldest overall are protected.
        NetworkId[] nets = {NetworkId.CJDNS, NetworkId.CJDNS, NetworkId.I2P, NetworkId.I2P, NetworkId.IPV4,
                NetworkId.IPV4, NetworkId.TORV3, NetworkId.TORV3};
        List<EvictionCandidate> c = peers(16, p -> p.id() < 8 ? p : with(p, p.minPingNanos(), p.lastBlockNanos(),
                p.lastTxNanos(), false, false, 1, false, p.id() == 12 || p.id() == 13, nets[(int) p.id() - 8]));
        EvictionSelector.protectByRatio(c);
        Set<Long> left = c.stream().map(EvictionCandidate::id).collect(Collectors.toSet());
        assertEquals(Set.of(4L, 5L, 6L, 7L, 9L, 11L, 13L, 15L), left);
    }
}
