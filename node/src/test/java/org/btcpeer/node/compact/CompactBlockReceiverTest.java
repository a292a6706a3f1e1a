package org.btcpeer.node.compact;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockTransactions;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.ShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxIndexes;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.BlockTxnMessage;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.GetBlockTxnMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receiving side against a scripted remote on an in-memory pipe, with a manual clock and
 * mainnet block 574,200 (3,315 transactions) as the data.
 */
class CompactBlockReceiverTest {

    static final long NONCE = 0x5eedL;
    static Block block;
    static HeaderAndShortIds compact;

    final CompactPeers peers = new CompactPeers();
    final BlockingQueue<CompactBlockReport> reports = new LinkedBlockingQueue<>();
    final List<String> misbehaviour = new ArrayList<>();

    @BeforeAll
    static void load() {
        block = CompactPeers.segwitBlock();
        compact = HeaderAndShortIds.fromBlock(block, NONCE);
    }

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    /**
     * Listeners run on the peers' reader threads, so after a {@link CompactPeers#sync} round trip
     * every report a message led to is in {@link #reports}; the timeout's fallback runs on the
     * thread that advances the clock, so after {@code advance} returns every report it led to is there.
     * The negative checks look at {@link #reports} then, without waiting.
     */
    CompactBlockReceiver receiver(TransactionPool pool) {
        return CompactBlockReceiver.builder(pool, peers.runtime)
                .fallbackThread(Runnable::run)
                .listener((peer, report) -> reports.add(report))
                .misbehaviour((peer, what, detail) -> {
                    synchronized (misbehaviour) {
                        misbehaviour.add(what.name());
                    }
                    MisbehaviourReporter.disconnecting().report(peer, what, detail);
                })
                .build();
    }

    static MapPool poolWithout(int... positions) {
        List<Transaction> txs = new ArrayList<>(block.transactions().subList(1, block.transactions().size()));
        for (int i = positions.length - 1; i >= 0; i--) {
            txs.remove(positions[i] - 1);
        }
        return new MapPool(txs);
    }

    <R extends CompactBlockReport> R report(Class<R> type) throws InterruptedException {
        CompactBlockReport r = reports.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "expected a " + type.getSimpleName() + " report");
        return assertInstanceOf(type, r);
    }

    @Test
    void aFullPoolReconstructsWithoutARoundTrip() throws Exception {
        CompactPeers.Pair p = peers.outbound(receiver(poolWithout()).listeners());
        p.remote().send(new CmpctBlockMessage(compact));
        CompactBlockReport.Reconstructed r = report(CompactBlockReport.Reconstructed.class);
        assertEquals(block.serialization(), r.block().serialization());
        assertEquals(List.of(1, 3314, 0), List.of(r.prefilled(), r.fromPool(), r.fetched()));
        List<Message> sent = CompactPeers.sync(p.remote(), 7);
        assertTrue(sent.stream().noneMatch(m -> m instanceof GetBlockTxnMessage || m instanceof GetDataMessage), sent.toString());
    }

    @Test
    void aPartialPoolRequestsTheMissingOnesAndCompletesFromBlocktxn() throws Exception {
        CompactBlockReceiver receiver = receiver(poolWithout(3, 1000, 3314));
        CompactPeers.Pair p = peers.outbound(receiver.listeners());
        p.remote().send(new CmpctBlockMessage(compact));
        GetBlockTxnMessage ask = CompactPeers.next(p.remote(), GetBlockTxnMessage.class);
        assertEquals(block.hash(), ask.request().blockHash());
        assertEquals(TxIndexes.of(3, 1000, 3314), ask.request().indexes());
        assertEquals(1, receiver.inFlightCount());
        p.remote().send(new BlockTxnMessage(new BlockTransactions(block.hash(), List.of(
                block.transactions().get(3), block.transactions().get(1000), block.transactions().get(3314)))));
        CompactBlockReport.Reconstructed r = report(CompactBlockReport.Reconstructed.class);
        assertEquals(block.serialization(), r.block().serialization());
        assertEquals(List.of(1, 3311, 3), List.of(r.prefilled(), r.fromPool(), r.fetched()));
        assertEquals(0, receiver.inFlightCount());
        peers.clock.advance(CompactBlockReceiver.DEFAULT_BLOCKTXN_TIMEOUT.multipliedBy(2));
        assertEquals(List.of(), List.copyOf(reports), "no timeout after completion");
        assertTrue(CompactPeers.sync(p.remote(), 8).stream().noneMatch(GetDataMessage.class::isInstance),
                "no full block asked after completion");
    }

    @Test
    void aShortIdCollisionInTheMessageFallsBackToTheFullBlock() throws Exception {
        long[] ids = compact.shortIds().toArray();
        ids[100] = ids[200];
        HeaderAndShortIds colliding = new HeaderAndShortIds(block.header(), NONCE, ShortIds.of(ids), compact.prefilled());
        CompactPeers.Pair p = peers.outbound(receiver(poolWithout()).listeners());
        p.remote().send(new CmpctBlockMessage(colliding));
        CompactBlockReport.FellBack f = report(CompactBlockReport.FellBack.class);
        assertEquals(FallbackReason.SHORT_ID_COLLISION, f.reason());
        GetDataMessage getdata = CompactPeers.next(p.remote(), GetDataMessage.class);
        assertEquals(List.of(new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, block.hash())), getdata.items());
        p.remote().send(new BlockMessage(block));
        CompactBlockReport.Downloaded d = report(CompactBlockReport.Downloaded.class);
        assertEquals(block.hash(), d.blockHash());
        assertEquals(FallbackReason.SHORT_ID_COLLISION, d.reason());
        assertTrue(misbehaviour.isEmpty(), "a collision is not the peer's fault");
    }

    @Test
    void anUnansweredGetblocktxnFallsBackAfterTheTimeout() throws Exception {
        CompactBlockReceiver receiver = receiver(poolWithout(42));
        CompactPeers.Pair p = peers.outbound(receiver.listeners());
        p.remote().send(new CmpctBlockMessage(compact));
        CompactPeers.next(p.remote(), GetBlockTxnMessage.class);
        peers.clock.advance(CompactBlockReceiver.DEFAULT_BLOCKTXN_TIMEOUT.minusSeconds(1));
        assertEquals(List.of(), List.copyOf(reports), "1 s before the timeout nothing happens");
        assertEquals(1, receiver.inFlightCount(), "still waiting for the blocktxn");
        peers.clock.advance(Duration.ofSeconds(1));
        assertEquals(FallbackReason.TIMEOUT, report(CompactBlockReport.FellBack.class).reason());
        GetDataMessage getdata = CompactPeers.next(p.remote(), GetDataMessage.class);
        assertEquals(block.hash(), getdata.items().get(0).hash());
        // the late blocktxn is no longer expected
        p.remote().send(new BlockTxnMessage(new BlockTransactions(block.hash(), List.of(block.transactions().get(42)))));
        p.remote().send(new BlockMessage(block));
        assertEquals(block.hash(), report(CompactBlockReport.Downloaded.class).blockHash());
        assertTrue(p.peer().isConnected());
    }

    @Test
    void aBlocktxnWithTheWrongCountIsMisbehaviour() throws Exception {
        CompactPeers.Pair p = peers.outbound(receiver(poolWithout(42, 43)).listeners());
        p.remote().send(new CmpctBlockMessage(compact));
        CompactPeers.next(p.remote(), GetBlockTxnMessage.class);
        p.remote().send(new BlockTxnMessage(new BlockTransactions(block.hash(), List.of(block.transactions().get(42)))));
        PeerDisconnect d = p.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.LOCAL, d.reason());
        assertTrue(d.detail().contains("invalid compact block/non-matching block transactions"), d.detail());
        assertEquals(List.of("NON_MATCHING_BLOCK_TRANSACTIONS"), misbehaviour);
    }

    @Test
    void aBlocktxnNobodyAskedForIsIgnored() throws Exception {
        CompactPeers.Pair p = peers.outbound(receiver(poolWithout()).listeners());
        p.remote().send(new BlockTxnMessage(new BlockTransactions(block.hash(), List.of(block.transactions().get(42)))));
        CompactPeers.sync(p.remote(), 3); // the blocktxn was handled before the pong
        assertTrue(p.peer().isConnected());
        assertEquals(List.of(), List.copyOf(reports));
    }

    @Test
    void aSecondAnnouncerIsUsedOnlyIfThePoolCompletesTheBlock() throws Exception {
        CompactBlockReceiver receiver = receiver(poolWithout(42));
        CompactPeers.Pair first = peers.outbound(receiver.listeners());
        CompactPeers.Pair second = peers.outbound(receiver.listeners());
        first.remote().send(new CmpctBlockMessage(compact));
        CompactPeers.next(first.remote(), GetBlockTxnMessage.class);
        second.remote().send(new CmpctBlockMessage(HeaderAndShortIds.fromBlock(block, NONCE + 1)));
        List<Message> fromSecond = CompactPeers.sync(second.remote(), 4);
        assertTrue(fromSecond.stream().noneMatch(m -> m instanceof GetBlockTxnMessage), "one round trip per block");
        first.remote().send(new BlockTxnMessage(new BlockTransactions(block.hash(), List.of(block.transactions().get(42)))));
        assertEquals(1, report(CompactBlockReport.Reconstructed.class).fetched());
        second.remote().send(new CmpctBlockMessage(compact));
        List<Message> again = CompactPeers.sync(second.remote(), 5); // the cmpctblock was handled before the pong
        assertEquals(List.of(), List.copyOf(reports), "a block already done is not reported again");
        assertTrue(again.stream().noneMatch(m -> m instanceof GetBlockTxnMessage || m instanceof GetDataMessage),
                "nor asked for again: " + again);
    }

    @Test
    void anEmptyCompactBlockIsMisbehaviour() throws Exception {
        CompactPeers.Pair p = peers.outbound(receiver(poolWithout()).listeners());
        p.remote().send(new CmpctBlockMessage(new HeaderAndShortIds(block.header(), NONCE, ShortIds.EMPTY, List.of())));
        Peer peer = p.peer();
        PeerDisconnect d = peer.disconnected().get(5, TimeUnit.SECONDS);
        assertTrue(d.detail().contains("invalid compact block"), d.detail());
        assertEquals(List.of("INVALID_COMPACT_BLOCK"), misbehaviour);
    }
}
