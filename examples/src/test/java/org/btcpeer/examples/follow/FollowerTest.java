package org.btcpeer.examples.follow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.node.compact.FallbackReason;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.InvMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link Follower} against two {@link ServeNode}s over loopback: headers synced, both asked for
 * high-bandwidth mode, transactions relayed from one to the other, new blocks pushed as cmpctblock
 * rebuilt from the pool, with a getblocktxn round trip, and in full after a bad compact block.
 */
@Timeout(60)
class FollowerTest {

    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(21).generate(110);
    private static final long WAIT_SECONDS = FollowEventLog.WAIT_SECONDS;

    private final FollowEventLog events = new FollowEventLog();
    private ServeNode a;
    private ServeNode b;
    private Follower follower;
    private Peer toA;
    private Peer toB;

    @BeforeEach
    void start() throws Exception {
        // one runtime each: a runtime that sees its own version nonce come back closes the connection as a self-connection
        a = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V2_PREFERRED, PeerRuntime.create(), line -> { });
        b = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V2_PREFERRED, PeerRuntime.create(), line -> { });
        follower = Follower.start(NetworkParameters.REGTEST, PeerRuntime.create(), events);
        toA = follower.connect(new HostPort("127.0.0.1", a.port()), TransportOption.V2_PREFERRED, Optional.empty(),
                Duration.ofSeconds(10));
        toB = follower.connect(new HostPort("127.0.0.1", b.port()), TransportOption.V1, Optional.empty(),
                Duration.ofSeconds(10));
        FollowEvent.Synced synced = events.await(FollowEvent.Synced.class, s -> true);
        assertEquals(CHAIN.height(), synced.height());
        assertEquals(CHAIN.tip().hash(), synced.hash());
        events.await(FollowEvent.HighBandwidth.class, h -> h.peers().size() == 2);
        // a pong comes after the node read our sendcmpct(1, 2): from now on it pushes new blocks
        toA.requests().ping().get(WAIT_SECONDS, TimeUnit.SECONDS);
        toB.requests().ping().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(a.peers().getFirst().features().peerHighBandwidth());
        assertTrue(b.peers().getFirst().features().peerHighBandwidth());
    }

    @AfterEach
    void stop() {
        follower.close();
        a.close();
        b.close();
    }

    /** A transaction that looks real (it spends a coinbase of the chain), distinct per height. */
    private static Transaction tx(int height) {
        return RegtestChainGenerator.spendCoinbase(CHAIN.block(height), 1_000);
    }

    /** The node announces a transaction to the follower right away (no trickle wait) and serves its getdata. */
    private void relayFrom(ServeNode node, Transaction tx) throws InterruptedException {
        node.broadcast(tx, 1_000);
        Peer follower = node.peers().getFirst();
        follower.send(new InvMessage(List.of(follower.features().wtxidRelay()
                ? InventoryVector.wtx(tx.wtxid()) : InventoryVector.tx(tx.txid()))));
        events.await(FollowEvent.TxSeen.class, t -> t.txid().equals(tx.txid()));
    }

    private static boolean announces(ServeNode node, Transaction tx) {
        return node.receivedInventory().stream().anyMatch(v -> v.hash().equals(tx.wtxid()) || v.hash().equals(tx.txid()));
    }

    @Test
    void aTransactionFromOnePeerIsRelayedToTheOtherOnly() throws Exception {
        Transaction first = tx(1);
        relayFrom(a, first);
        assertEquals(first.wtxid(), follower.pool().byTxid(first.txid()).orElseThrow().wtxid());
        assertTrue(b.awaitInventory(1, Duration.ofSeconds(WAIT_SECONDS)), "b was told");
        assertTrue(announces(b, first), b.receivedInventory().toString());
        Transaction second = tx(2);
        relayFrom(b, second);
        assertTrue(a.awaitInventory(1, Duration.ofSeconds(WAIT_SECONDS)), "a was told about the second");
        // the queue to a is released all at once: had the first been queued for its sender, it came with the second
        assertTrue(announces(a, second), a.receivedInventory().toString());
        assertFalse(announces(a, first), "not relayed back to its sender: " + a.receivedInventory());
    }

    @Test
    void aPushedBlockIsRebuiltFromRelayedTransactionsWithoutARoundTrip() throws Exception {
        Transaction t1 = tx(3);
        Transaction t2 = tx(4);
        relayFrom(a, t1);
        relayFrom(b, t2);
        Block block = RegtestChainGenerator.nextBlock(a.chain(), List.of(t1, t2));
        b.append(block);
        assertEquals(1, a.addBlock(block).size());
        FollowEvent.NewTip tip = events.await(FollowEvent.NewTip.class, t -> t.hash().equals(block.hash()));
        assertEquals(new FollowEvent.Reconstructed(1, 2, 0), tip.arrival());
        assertEquals(CHAIN.height() + 1, tip.height());
        assertEquals("127.0.0.1:" + a.port(), tip.peer());
        assertEquals(3, tip.transactions());
        assertEquals(block.hash(), follower.chain().tip().hash());
        assertEquals(0, follower.pool().size(), "the block's transactions left the pool");
    }

    @Test
    void aTransactionMissingFromThePoolIsFetchedWithGetblocktxn() throws Exception {
        Transaction relayed = tx(5);
        Transaction unseen = tx(6);
        relayFrom(a, relayed);
        Block block = RegtestChainGenerator.nextBlock(b.chain(), List.of(unseen, relayed));
        a.append(block);
        assertEquals(1, b.addBlock(block).size());
        FollowEvent.NewTip tip = events.await(FollowEvent.NewTip.class, t -> t.hash().equals(block.hash()));
        assertEquals(new FollowEvent.Reconstructed(1, 1, 1), tip.arrival());
        assertEquals("127.0.0.1:" + b.port(), tip.peer());
    }

    @Test
    void aCompactBlockThatDoesNotMatchItsHeaderFallsBackToTheFullBlock() throws Exception {
        Transaction relayed = tx(7);
        relayFrom(a, relayed);
        Block block = RegtestChainGenerator.nextBlock(a.chain(), List.of(relayed));
        a.append(block);
        b.append(block);
        // the real header over another coinbase: rebuilt, the merkle root does not match (BLOCK_MUTATED)
        Transaction otherCoinbase = RegtestChainGenerator.coinbase(CHAIN.height() + 1, new byte[]{'x'}, 1);
        HeaderAndShortIds wrong = HeaderAndShortIds.fromBlock(new Block(block.header(), List.of(otherCoinbase, relayed)), 7);
        a.peers().getFirst().send(new CmpctBlockMessage(wrong));
        FollowEvent.NewTip tip = events.await(FollowEvent.NewTip.class, t -> t.hash().equals(block.hash()));
        assertEquals(new FollowEvent.FullBlock(Optional.of(FallbackReason.BLOCK_MUTATED)), tip.arrival());
        assertEquals("127.0.0.1:" + a.port(), tip.peer());
        assertEquals(2, tip.transactions());
    }

    @Test
    void aBlockAnnouncedByHeadersIsAskedForAsACompactBlock() throws Exception {
        Transaction relayed = tx(8);
        relayFrom(a, relayed);
        Block block = RegtestChainGenerator.nextBlock(a.chain(), List.of(relayed));
        a.append(block);
        b.append(block);
        a.chainServer().announceTip(a.peers().getFirst(), block.header()); // headers (BIP-130), not a push
        FollowEvent.NewTip tip = events.await(FollowEvent.NewTip.class, t -> t.hash().equals(block.hash()));
        assertEquals(new FollowEvent.Reconstructed(1, 1, 0), tip.arrival());
    }
}
