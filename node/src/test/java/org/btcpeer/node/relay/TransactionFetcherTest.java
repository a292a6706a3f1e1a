package org.btcpeer.node.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

import static org.btcpeer.node.InMemoryPeers.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TransactionFetcher} over in-memory peers on a manual clock: Core's request rules, simplified. */
class TransactionFetcherTest {

    private static final Block SEGWIT = TestChain.resourceBlock(
            "blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
    private static final ServiceFlags WITNESS = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);

    private final InMemoryPeers peers = new InMemoryPeers();
    private final MemoryTransactionPool pool = new MemoryTransactionPool(100);
    private final BlockingQueue<Transaction> delivered = new LinkedBlockingQueue<>();
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final TransactionFetcher fetcher = TransactionFetcher.builder(pool, peers.runtime)
            .enabled(enabled::get).listener((peer, tx) -> delivered.add(tx)).build();

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
        a.remote().send(new TxMessage(tx(0)));           // late answer from the first: still delivered, once
        b.remote().send(new TxMessage(tx(0)));
        assertEquals(tx(0), delivered.poll(5, TimeUnit.SECONDS));
        peers.sync(a);
        peers.sync(b);
        assertNull(delivered.poll());
        assertEquals(0, fetcher.trackedCount());
    }

    @Test
    void asksTheNextAnnouncerAtOnceOnNotFoundOrDisconnectAndForgetsWhenNobodyIsLeft() throws Exception {
        Connected a = outbound();
        Connected b = outbound();
        Connected c = outbound();
        a.remote().send(wtxInv(tx(0)));
        getData(a);
        b.remote().send(wtxInv(tx(0)));
        getData(b);                                     // b's announcement in before c's
        c.remote().send(wtxInv(tx(0)));
        getData(c);
        a.remote().send(new NotFoundMessage(wtxInv(tx(0)).items()));
        assertEquals(List.of(), getData(a));
        assertEquals(List.of(wtxRequest(tx(0))), getData(b));
        b.peer().disconnect("test");
        assertEquals(wtxRequest(tx(0)), InMemoryPeers.expect(c.remote(), GetDataMessage.class));
        c.remote().send(new NotFoundMessage(wtxInv(tx(0)).items()));
        peers.sync(c);
        assertEquals(0, fetcher.trackedCount());
        assertEquals(0, fetcher.announcedBy(c.peer()));
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
        assertEquals(TransactionFetcher.MAX_PEER_TX_REQUEST_IN_FLIGHT, asked.stream().mapToInt(m -> m.items().size()).sum(),
                "the first 100 asked at once, the rest wait for the overload delay");
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
}
