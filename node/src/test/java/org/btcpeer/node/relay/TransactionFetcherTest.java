package org.btcpeer.node.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.btcpeer.node.InMemoryPeers;
import org.btcpeer.node.InMemoryPeers.Connected;
import org.btcpeer.node.MemoryTransactionPool;
import org.btcpeer.node.TestChain;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.TxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.btcpeer.node.InMemoryPeers.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TransactionFetcher} over in-memory peers on a manual clock and a seeded salt: Core's request rules. */
class TransactionFetcherTest {

    private static final Block SEGWIT = TestChain.resourceBlock(
            "blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
    private static final ServiceFlags WITNESS = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);

    private final InMemoryPeers peers = new InMemoryPeers();
    private final MemoryTransactionPool pool = new MemoryTransactionPool(100);
    private final BlockingQueue<Transaction> delivered = new LinkedBlockingQueue<>();
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final TransactionFetcher fetcher = TransactionFetcher.builder(pool, peers.runtime)
            .enabled(enabled::get).listener((peer, tx) -> delivered.add(tx)).random(new Random(7)).build();

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    private static Transaction tx(int i) {
        return SEGWIT.transactions().get(1 + i);
    }

    private PeerConfig config() {
        return InMemoryPeers.config().pingInterval(Duration.ofDays(1)).listeners(fetcher.listeners()).build();
    }

    /** An outbound peer at 70016 (wtxidrelay). */
    private Connected outbound() throws Exception {
        return peers.connect(config(), ScriptedRemote.version(70016, 7, WITNESS, true));
    }

    private Connected inbound() throws Exception {
        return peers.accept(config(), ScriptedRemote.version(70016, 8, WITNESS, true));
    }

    private List<GetDataMessage> getData(Connected c) throws Exception {
        return only(peers.sync(c), GetDataMessage.class);
    }

    /** A made-up wtxid. */
    private static Hash256 fake(int i) {
        byte[] b = {(byte) i, (byte) (i >> 8)};
        return Hash256.doubleSha256(b, 0, b.length);
    }

    private static InvMessage wtxInv(Transaction... txs) {
        List<InventoryVector> items = new ArrayList<>();
        for (Transaction t : txs) {
            items.add(InventoryVector.wtx(t.wtxid()));
        }
        return new InvMessage(items);
    }

    private static GetDataMessage wtxRequest(Transaction... txs) {
        return new GetDataMessage(wtxInv(txs).items());
    }

    @Test
    void asksTheAnnouncerByWtxidAndDeliversTheTransactionOnce() throws Exception {
        Connected a = outbound();
        a.remote().send(wtxInv(tx(0), tx(1)));
        assertEquals(List.of(wtxRequest(tx(0), tx(1))), getData(a));
        a.remote().send(new TxMessage(tx(0)));
        a.remote().send(new TxMessage(tx(0)));          // twice: delivered once
        a.remote().send(wtxInv(tx(0)));                 // announced again once delivered: not asked again
        assertEquals(List.of(), getData(a));
        assertEquals(tx(0), delivered.poll(5, TimeUnit.SECONDS));
        assertNull(delivered.poll());
        assertEquals(1, fetcher.trackedCount(), "tx 1 still awaited");
        assertEquals(1, fetcher.announcedBy(a.peer()));
    }

    @Test
    void asksByTxidWithTheWitnessFlagFromAPeerWithoutWtxidRelayAndIgnoresTheOtherKind() throws Exception {
        Connected old = peers.connect(config(), ScriptedRemote.version(70015, 9, WITNESS, true));
        old.remote().send(new InvMessage(List.of(InventoryVector.wtx(tx(0).wtxid()), InventoryVector.tx(tx(1).txid()))));
        assertEquals(List.of(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_WITNESS_TX, tx(1).txid())))),
                getData(old));
        Connected modern = outbound();
        modern.remote().send(new InvMessage(List.of(InventoryVector.tx(tx(2).txid()))));   // txid inv from a wtxidrelay peer
        assertEquals(List.of(), getData(modern));
    }

    @Test
    void skipsWhatThePoolHoldsAndEverythingWhileDisabled() throws Exception {
        Connected a = outbound();
        pool.add(tx(0));
        enabled.set(false);
        a.remote().send(wtxInv(tx(1)));
        assertEquals(List.of(), getData(a));
        enabled.set(true);
        a.remote().send(wtxInv(tx(0), tx(1)));
        assertEquals(List.of(wtxRequest(tx(1))), getData(a));
    }

    @Test
    void asksTheNextAnnouncerAfterSixtySecondsNotBefore() throws Exception {
        Connected a = outbound();
        Connected b = outbound();
        a.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(wtxRequest(tx(0))), getData(a));
        b.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(), getData(b), "one request in flight per transaction");
        peers.clock.advance(TransactionFetcher.GETDATA_TX_INTERVAL.minusMillis(1));
        assertEquals(List.of(), getData(b));
        peers.clock.advance(Duration.ofMillis(1));
        assertEquals(wtxRequest(tx(0)), InMemoryPeers.expect(b.remote(), GetDataMessage.class));
        a.remote().send(wtxInv(tx(0)));                 // its request expired: its new announcement is ignored
        assertEquals(List.of(), getData(a));
        a.remote().send(new TxMessage(tx(0)));           // late answer from the first: still delivered, once
        b.remote().send(new TxMessage(tx(0)));
        assertEquals(tx(0), delivered.poll(5, TimeUnit.SECONDS));
        peers.sync(a);
        peers.sync(b);
        assertNull(delivered.poll());
        assertEquals(0, fetcher.trackedCount());
    }

    @Test
    void asksTheNextAnnouncerAtOnceOnNotFoundOrDisconnectNeverTheSameTwiceAndForgetsWhenNobodyIsLeft() throws Exception {
        Connected a = outbound();
        Connected b = outbound();
        Connected c = outbound();
        a.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(wtxRequest(tx(0))), getData(a));
        b.remote().send(wtxInv(tx(0)));
        getData(b);
        c.remote().send(wtxInv(tx(0)));
        getData(c);
        a.remote().send(new NotFoundMessage(wtxInv(tx(0)).items()));
        assertEquals(List.of(), getData(a));
        List<GetDataMessage> toB = getData(b);
        List<GetDataMessage> toC = getData(c);
        assertEquals(1, toB.size() + toC.size(), "one of the two left is asked at once: " + toB + " " + toC);
        Connected next = toB.isEmpty() ? c : b;
        Connected last = toB.isEmpty() ? b : c;
        a.remote().send(wtxInv(tx(0)));                 // answered notfound: its new announcement is ignored (Core: COMPLETED)
        assertEquals(List.of(), getData(a));
        assertEquals(1, fetcher.announcedBy(a.peer()), "its completed announcement still counts");
        next.peer().disconnect("test");
        assertEquals(wtxRequest(tx(0)), InMemoryPeers.expect(last.remote(), GetDataMessage.class));
        last.remote().send(new NotFoundMessage(wtxInv(tx(0)).items()));
        peers.sync(last);
        assertEquals(List.of(), getData(a), "not asked again");
        assertEquals(0, fetcher.trackedCount());
        assertEquals(0, fetcher.announcedBy(last.peer()));
        assertEquals(0, fetcher.announcedBy(a.peer()));
    }

    @Test
    void anExpiredRequestMovesOnToAnInboundAnnouncerReadySinceTwoSeconds() throws Exception {
        Connected out = outbound();
        Connected in = inbound();
        out.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(wtxRequest(tx(0))), getData(out));
        in.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(), getData(in));
        peers.clock.advance(TransactionFetcher.NONPREF_PEER_TX_DELAY);
        assertEquals(List.of(), getData(in), "ready, but a request is in flight");
        peers.clock.advance(TransactionFetcher.GETDATA_TX_INTERVAL.minus(TransactionFetcher.NONPREF_PEER_TX_DELAY).minusMillis(1));
        assertEquals(List.of(), getData(in));
        peers.clock.advance(Duration.ofMillis(1));
        assertEquals(wtxRequest(tx(0)), InMemoryPeers.expect(in.remote(), GetDataMessage.class), "60 s after the request");
        peers.clock.advance(TransactionFetcher.GETDATA_TX_INTERVAL);
        peers.sync(in);
        assertEquals(0, fetcher.trackedCount(), "both expired: forgotten");
        assertEquals(0, fetcher.announcedBy(out.peer()));
    }

    @Test
    void prefersAnOutboundAnnouncerOverAnEarlierInboundOne() throws Exception {
        Connected first = outbound();
        Connected in = inbound();
        Connected out = outbound();
        first.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(wtxRequest(tx(0))), getData(first));
        in.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(), getData(in));           // the inbound announcement in before the outbound one
        out.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(), getData(out));
        first.remote().send(new NotFoundMessage(wtxInv(tx(0)).items()));
        peers.sync(first);
        assertEquals(List.of(wtxRequest(tx(0))), getData(out), "the outbound announcer, though it announced later");
        assertEquals(List.of(), getData(in));
    }

    @Test
    void tracksAtMostFiveThousandAnnouncementsPerPeer() throws Exception {
        Connected a = outbound();
        List<InventoryVector> many = new ArrayList<>();
        for (int i = 0; i < TransactionFetcher.MAX_PEER_TX_ANNOUNCEMENTS + 10; i++) {
            many.add(InventoryVector.wtx(fake(i)));
        }
        a.remote().send(new InvMessage(many));
        List<GetDataMessage> asked = getData(a);
        assertEquals(TransactionFetcher.MAX_PEER_TX_ANNOUNCEMENTS, fetcher.announcedBy(a.peer()));
        assertEquals(TransactionFetcher.MAX_PEER_TX_ANNOUNCEMENTS, fetcher.trackedCount());
        // Core counts a peer's requests in flight only after the whole inv: all 5,000 asked at once, 1,000 a getdata
        assertEquals(5, asked.size());
        assertEquals(TransactionFetcher.MAX_PEER_TX_ANNOUNCEMENTS, asked.stream().mapToInt(m -> m.items().size()).sum());
        Connected b = outbound();
        b.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(wtxRequest(tx(0))), getData(b), "another peer's announcements are tracked");
    }

    @Test
    void anOverloadedPeerIsAskedAfterTwoSeconds() throws Exception {
        Connected a = outbound();
        List<InventoryVector> hundred = new ArrayList<>();
        for (int i = 0; i < TransactionFetcher.MAX_PEER_TX_REQUEST_IN_FLIGHT; i++) {
            hundred.add(InventoryVector.wtx(fake(i)));
        }
        a.remote().send(new InvMessage(hundred));
        assertEquals(100, getData(a).getFirst().items().size());
        a.remote().send(wtxInv(tx(0)));
        assertEquals(List.of(), getData(a), "100 in flight: the 101st waits");
        peers.clock.advance(TransactionFetcher.OVERLOADED_PEER_TX_DELAY.minusMillis(1));
        assertEquals(List.of(), getData(a));
        peers.clock.advance(Duration.ofMillis(1));
        assertEquals(wtxRequest(tx(0)), InMemoryPeers.expect(a.remote(), GetDataMessage.class));
    }

    @Test
    void deliversAnUnsolicitedTransactionOnceAndMarksItKnownToItsSender() throws Exception {
        Connected a = outbound();
        a.remote().send(new TxMessage(tx(3)));
        assertEquals(tx(3), delivered.poll(5, TimeUnit.SECONDS));
        a.remote().send(wtxInv(tx(3)));
        assertEquals(List.of(), getData(a));
        Peer p = a.peer();
        p.announceTransaction(tx(3).txid(), tx(3).wtxid(), -1);
        peers.clock.advance(Duration.ofSeconds(60));
        List<Message> sent = peers.sync(a);
        assertTrue(only(sent, InvMessage.class).isEmpty(), "not announced back to its sender: " + sent);
    }

    /** A peer at 70015: no wtxidrelay, so it announces by txid. */
    private Connected txidPeer(boolean inbound) throws Exception {
        return inbound ? peers.accept(config(), ScriptedRemote.version(70015, 10, WITNESS, true))
                : peers.connect(config(), ScriptedRemote.version(70015, 11, WITNESS, true));
    }

    private static InvMessage inv(boolean wtxid, List<Hash256> hashes) {
        return new InvMessage(hashes.stream().map(h -> wtxid ? InventoryVector.wtx(h) : InventoryVector.tx(h)).toList());
    }

    private static List<Hash256> fakes(int from, int count) {
        List<Hash256> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(fake(i));
        }
        return out;
    }

    /**
     * The hashes each peer is asked for, once {@code expected} were asked in all: requests due at a
     * timer go out from their own thread, so this syncs with each peer until they are all in (no sleep).
     */
    private List<List<Hash256>> collect(List<Connected> from, int expected) throws Exception {
        List<List<Hash256>> out = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            out.add(new ArrayList<>());
        }
        int total = 0;
        for (int round = 0; round < 1_000 && total < expected; round++) {
            for (int i = 0; i < from.size(); i++) {
                List<Hash256> got = hashes(getData(from.get(i)));
                out.get(i).addAll(got);
                total += got.size();
            }
        }
        assertEquals(expected, total, "requests seen: " + out);
        return out;
    }

    private static List<Hash256> hashes(List<GetDataMessage> messages) {
        return messages.stream().flatMap(m -> m.items().stream()).map(InventoryVector::hash).toList();
    }

    /** Core's AddTxAnnouncement delays, which add up: who announces, how, and whether its peer is overloaded. */
    enum DelayCase {
        OUTBOUND_WTXID(false, true, false, false, 0),
        INBOUND_WTXID(true, true, false, false, 2),                       // NONPREF_PEER_TX_DELAY
        OUTBOUND_TXID_WITH_A_WTXID_PEER(false, false, true, false, 2),    // TXID_RELAY_DELAY
        INBOUND_TXID_WITH_A_WTXID_PEER(true, false, true, false, 4),      // both
        OUTBOUND_TXID_WITHOUT_WTXID_PEERS(false, false, false, false, 0),
        INBOUND_TXID_WITHOUT_WTXID_PEERS(true, false, false, false, 2),
        OUTBOUND_OVERLOADED(false, true, false, true, 2),                 // OVERLOADED_PEER_TX_DELAY
        INBOUND_OVERLOADED(true, true, false, true, 4),
        INBOUND_TXID_OVERLOADED_WITH_A_WTXID_PEER(true, false, true, true, 6);

        final boolean inbound;
        final boolean wtxid;
        final boolean wtxidPeer;
        final boolean overloaded;
        final Duration delay;

        DelayCase(boolean inbound, boolean wtxid, boolean wtxidPeer, boolean overloaded, int seconds) {
            this.inbound = inbound;
            this.wtxid = wtxid;
            this.wtxidPeer = wtxidPeer;
            this.overloaded = overloaded;
            this.delay = Duration.ofSeconds(seconds);
        }
    }

    @ParameterizedTest
    @EnumSource(DelayCase.class)
    void anAnnouncementIsAskedForAfterCoresDelayNotBefore(DelayCase c) throws Exception {
        if (c.wtxidPeer) {
            outbound();                                 // a wtxid-relay peer connected, announcing nothing
        }
        Connected announcer = c.wtxid ? (c.inbound ? inbound() : outbound()) : txidPeer(c.inbound);
        if (c.overloaded) {
            List<Hash256> hundred = fakes(1_000, TransactionFetcher.MAX_PEER_TX_REQUEST_IN_FLIGHT);
            announcer.remote().send(inv(c.wtxid, hundred));
            List<Hash256> asked = new ArrayList<>(hashes(getData(announcer)));
            peers.clock.advance(c.delay.minus(TransactionFetcher.OVERLOADED_PEER_TX_DELAY));
            asked.addAll(collect(List.of(announcer), hundred.size() - asked.size()).getFirst());
            assertEquals(hundred, asked, "100 in flight");
        }
        announcer.remote().send(inv(c.wtxid, List.of(fake(1))));
        if (c.delay.isZero()) {
            assertEquals(List.of(fake(1)), hashes(getData(announcer)), "asked at once");
            return;
        }
        assertEquals(List.of(), getData(announcer));
        peers.clock.advance(c.delay.minusMillis(1));
        assertEquals(List.of(), getData(announcer), "not before " + c.delay);
        peers.clock.advance(Duration.ofMillis(1));
        GetDataMessage asked = InMemoryPeers.expect(announcer.remote(), GetDataMessage.class);
        assertEquals(List.of(new InventoryVector(c.wtxid ? InventoryVector.MSG_WTX : InventoryVector.MSG_WITNESS_TX, fake(1))),
                asked.items());
    }

    @Test
    void aPreferredAnnouncerGoesFirstAmongTheReadyOnes() throws Exception {
        Connected in = inbound();                       // ready after NONPREF_PEER_TX_DELAY
        Connected txidOut = txidPeer(false);            // ready after TXID_RELAY_DELAY (a wtxid peer is connected)
        List<Hash256> twenty = fakes(0, 20);
        in.remote().send(inv(true, twenty));
        assertEquals(List.of(), getData(in));           // announced first
        txidOut.remote().send(inv(false, twenty));
        assertEquals(List.of(), getData(txidOut));
        peers.clock.advance(Duration.ofSeconds(2));     // both ready at once: the preferred one is asked for all 20
        assertEquals(twenty, hashes(List.of(InMemoryPeers.expect(txidOut.remote(), GetDataMessage.class))));
        assertEquals(List.of(), getData(in));
    }

    @Test
    void theFirstPreferredAnnouncerKeepsTheRequestALaterOneWaitsForItsAnswer() throws Exception {
        Connected first = outbound();
        Connected later = outbound();
        List<Hash256> twenty = fakes(0, 20);
        first.remote().send(inv(true, twenty));
        assertEquals(twenty, hashes(getData(first)), "asked at once: nothing else is ready");
        later.remote().send(inv(true, twenty));
        assertEquals(List.of(), getData(later), "a request in flight is never pre-empted, whatever the priorities");
        peers.clock.advance(TransactionFetcher.GETDATA_TX_INTERVAL.minusMillis(1));
        assertEquals(List.of(), getData(later));
        first.remote().send(new NotFoundMessage(inv(true, twenty.subList(0, 5)).items()));
        peers.sync(first);
        assertEquals(twenty.subList(0, 5), hashes(getData(later)), "the five answered notfound, in announcement order");
    }

    @Test
    void amongEqualAnnouncersTheChoiceIsRandomNotTheFirst() throws Exception {
        List<Connected> three = List.of(inbound(), inbound(), inbound());
        List<Hash256> thirty = fakes(0, 30);
        for (Connected c : three) {
            c.remote().send(inv(true, thirty));
            peers.sync(c);
        }
        peers.clock.advance(TransactionFetcher.NONPREF_PEER_TX_DELAY);
        Set<Hash256> asked = new HashSet<>();
        int total = 0;
        for (List<Hash256> got : collect(three, 30)) {
            assertFalse(got.isEmpty(), "each of three equal announcers gets some of 30 (salt of seed 7)");
            asked.addAll(got);
            total += got.size();
        }
        assertEquals(30, total, "each asked of one announcer");
        assertEquals(Set.copyOf(thirty), asked);
    }

    @Test
    void aPreferredPeersPriorityIsAboveEveryOtherAndTheSaltDecidesTheRest() {
        Random r = new Random(1);
        for (int i = 0; i < 1_000; i++) {
            long k0 = r.nextLong();
            long k1 = r.nextLong();
            long pref = TransactionFetcher.priority(k0, k1, fake(i), i, true);
            long other = TransactionFetcher.priority(k0, k1, fake(i), i + 1, false);
            assertTrue(Long.compareUnsigned(pref, other) > 0);
            assertEquals(pref, TransactionFetcher.priority(k0, k1, fake(i), i, true), "a function of salt, hash and peer");
        }
        assertFalse(TransactionFetcher.priority(1, 2, fake(0), 3, false) == TransactionFetcher.priority(2, 1, fake(0), 3, false),
                "salted");
    }
}
