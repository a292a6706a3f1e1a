package org.btcpeer.node.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.btcpeer.node.InMemoryPeers;
import org.btcpeer.node.InMemoryPeers.Connected;
import org.btcpeer.node.TestChain;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.FeeFilterMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.TxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.btcpeer.node.InMemoryPeers.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Relay} over in-memory peers on a manual clock, with a {@link ChainServer} answering the getdata. */
class RelayTest {

    private static final Block SEGWIT = TestChain.resourceBlock(
            "blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
    /** Well past any Poisson trickle delay (outbound mean 2 s): the chance one is longer is e^-30. */
    private static final Duration TRICKLE = Duration.ofSeconds(60);

    private final InMemoryPeers peers = new InMemoryPeers();
    private final java.util.List<RelayTarget> targets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Relay relay = Relay.of(() -> targets, BlockAnnouncerProbe.INSTANCE, 2);
    private final ChainServer server = ChainServer.of(TestChain.regtest(1), relay.servingPool(TransactionPool.empty()));

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    private Connected peer(int protocol, boolean remoteRelays, boolean blockRelayOnly, Message... afterVerack) throws Exception {
        PeerConfig config = InMemoryPeers.config()
                .listeners(PeerListeners.builder().include(server.listeners()).include(relay.listeners()).build())
                .build();
        Connected c = peers.connect(config, ScriptedRemote.version(protocol, 7,
                ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS), remoteRelays), afterVerack);
        targets.add(new RelayTarget(c.peer(), blockRelayOnly));
        return c;
    }

    private List<InventoryVector> announced(Connected c) throws Exception {
        return only(peers.sync(c), InvMessage.class).stream().flatMap(i -> i.items().stream()).toList();
    }

    @Test
    void aTransactionGoesToSuitablePeersOnTheirTrickleTimerByWtxidOrTxid() throws Exception {
        Connected wtxidPeer = peer(70016, true, false);
        Connected txidPeer = peer(70015, true, false);
        Connected noRelay = peer(70016, false, false);
        Connected highFeeFilter = peer(70016, true, false, new FeeFilterMessage(10_000));
        Connected blockOnly = peer(70016, true, true);
        Transaction tx = SEGWIT.transactions().get(1);

        Broadcast b = relay.broadcast(tx, 5_000);
        assertEquals(2, b.announcedTo(), "relay=0, feefilter 10,000 > 5,000 and block-relay-only are skipped");
        assertEquals(List.of(), announced(wtxidPeer), "not before the trickle timer");

        peers.clock.advance(TRICKLE);
        assertEquals(List.of(InventoryVector.wtx(tx.wtxid())), announced(wtxidPeer), "BIP-339 peer: by wtxid");
        assertEquals(List.of(InventoryVector.tx(tx.txid())), announced(txidPeer), "by txid");
        for (Connected c : List.of(noRelay, highFeeFilter, blockOnly)) {
            assertEquals(List.of(), announced(c), c.peer() + " gets nothing");
        }
    }

    @Test
    void inboundPeersShareOneTrickleTimer() throws Exception {
        PeerConfig config = InMemoryPeers.config().listeners(relay.listeners()).build();
        List<Connected> inbound = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Connected c = peers.accept(config, ScriptedRemote.version(70016, 100 + i));
            targets.add(new RelayTarget(c.peer(), false));
            inbound.add(c);
        }
        Transaction tx = SEGWIT.transactions().get(7);
        assertEquals(3, relay.broadcast(tx, -1).announcedTo());
        for (int step = 0; step < 1_200; step++) { // 100 ms steps, 2 min at most (mean delay 5 s)
            peers.clock.advance(Duration.ofMillis(100));
            List<Integer> got = new java.util.ArrayList<>();
            for (Connected c : inbound) {
                got.add(announced(c).size());
            }
            if (got.contains(1)) {
                assertEquals(List.of(1, 1, 1), got, "released together, at step " + step + " (Core's shared inbound timer)");
                return;
            }
        }
        throw new AssertionError("no release within 2 minutes");
    }

    @Test
    void theGetdataThatFollowsIsServedAndCountedOncePerPeer() throws Exception {
        Connected wtxidPeer = peer(70016, true, false);
        Connected txidPeer = peer(70015, true, false);
        Transaction tx = SEGWIT.transactions().get(2);
        Broadcast b = relay.broadcast(tx, -1);
        CompletableFuture<Integer> two = b.requestedBy(2);
        peers.clock.advance(TRICKLE);

        wtxidPeer.remote().send(new GetDataMessage(List.of(InventoryVector.wtx(tx.wtxid()))));
        TxMessage withWitness = only(peers.sync(wtxidPeer), TxMessage.class).getFirst();
        assertEquals(tx.serialization(), withWitness.transaction().serialization());
        wtxidPeer.remote().send(new GetDataMessage(List.of(InventoryVector.wtx(tx.wtxid()))));
        peers.sync(wtxidPeer);
        assertEquals(1, b.requestCount(), "the same peer twice counts once");
        assertFalse(two.isDone());

        txidPeer.remote().send(new GetDataMessage(List.of(InventoryVector.tx(tx.txid()))));
        TxMessage stripped = only(peers.sync(txidPeer), TxMessage.class).getFirst();
        assertEquals(tx.strippedSerialization(), stripped.transaction().serialization(), "MSG_TX: no witness");
        assertEquals(2, two.get(5, TimeUnit.SECONDS), "requested by 2 peers");
        assertEquals(2, b.requestedBy(1).get(5, TimeUnit.SECONDS), "already reached: complete at once");
    }

    @Test
    void aPeerThatAnnouncedTheTransactionToUsIsNotToldAgain() throws Exception {
        Connected knows = peer(70016, true, false);
        Connected other = peer(70016, true, false);
        Transaction tx = SEGWIT.transactions().get(3);
        knows.remote().send(new InvMessage(List.of(InventoryVector.wtx(tx.wtxid()))));
        peers.sync(knows);

        relay.broadcast(tx, -1);
        peers.clock.advance(TRICKLE);
        assertEquals(List.of(), announced(knows), "its known-inventory filter has it");
        assertEquals(List.of(InventoryVector.wtx(tx.wtxid())), announced(other));
    }

    @Test
    void theRecentMapIsBoundedAndAnEvictedBroadcastFailsItsFutureAndIsNotFound() throws Exception {
        Connected c = peer(70016, true, false);
        Transaction first = SEGWIT.transactions().get(4);
        Broadcast b = relay.broadcast(first, -1);
        CompletableFuture<Integer> asked = b.requestedBy(1);
        relay.broadcast(SEGWIT.transactions().get(5), -1);
        assertFalse(asked.isDone());
        relay.broadcast(SEGWIT.transactions().get(6), -1); // capacity 2: the first goes

        assertTrue(asked.isCompletedExceptionally());
        Throwable e = asked.handle((v, ex) -> ex).join();
        assertTrue(e instanceof CancellationException && e.getMessage().contains(first.txid().toString()), String.valueOf(e));
        assertTrue(relay.recent(first.wtxid()).isEmpty());
        c.remote().send(new GetDataMessage(List.of(InventoryVector.wtx(first.wtxid()), InventoryVector.wtx(SEGWIT.transactions().get(6).wtxid()))));
        List<Message> answer = peers.sync(c);
        assertEquals(1, only(answer, TxMessage.class).size());
        assertEquals(List.of(InventoryVector.wtx(first.wtxid())), only(answer, NotFoundMessage.class).getFirst().items());
    }

    @Test
    void blocksGoToEveryPeerBlockRelayOnlyAndRelayOffIncludedOnce() throws Exception {
        Connected a = peer(70016, false, false);
        Connected b = peer(70016, true, true);
        targets.add(new RelayTarget(a.peer(), false)); // listed twice
        Block block = TestChain.regtest(1).at(1);
        BlockAnnouncerProbe.INSTANCE.announced.clear();
        assertEquals(2, relay.announceBlock(block.header()));
        assertEquals(List.of(a.peer().id(), b.peer().id()), BlockAnnouncerProbe.INSTANCE.announced);
        b.peer().disconnect("gone");
        b.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(1, relay.announceBlock(block.header()), "a disconnected peer is skipped");
    }

    @Test
    void theDefaultAnnouncerSendsTheHeaderOrAnInv() throws Exception {
        Relay plain = Relay.of(() -> targets);
        Connected c = peer(70016, true, false);
        Block block = TestChain.regtest(1).at(1);
        assertEquals(1, plain.announceBlock(block.header()));
        assertEquals(List.of(InventoryVector.block(block.hash())), announced(c));
    }

    /** Records which peers a block was announced to. */
    enum BlockAnnouncerProbe implements BlockAnnouncer {
        INSTANCE;

        final List<Long> announced = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void announce(org.btcpeer.peer.Peer peer, org.btcpeer.wire.chain.BlockHeader header) {
            announced.add(peer.id());
        }
    }
}
