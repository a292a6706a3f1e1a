package org.btcpeer.examples.follow;

import java.security.SecureRandom;
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
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.ShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Follower}'s paths where a compact block cannot be used, end to end over loopback
 * against a {@link ServeNode}: a getblocktxn left unanswered until the follower's manual clock
 * passes the timeout, a cmpctblock whose short ids collide, and a full block that does not match
 * its header (reported as rejected, its sender disconnected).
 */
@Timeout(60)
class FollowerFallbackTest {

    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(22).generate(110);
    private static final long WAIT_SECONDS = FollowEventLog.WAIT_SECONDS;
    private static final Duration BLOCKTXN_TIMEOUT = Duration.ofSeconds(10);
    private static final long NONCE = 7;

    /** The follower's clock: its getblocktxn timeout fires only when the test moves it. */
    private final ManualClock clock = new ManualClock();
    private final FollowEventLog events = new FollowEventLog();
    private ServeNode node;
    private Follower follower;
    /** The node's side of the connection to the follower. */
    private Peer toFollower;

    @BeforeEach
    void start() throws Exception {
        node = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), line -> { });
        follower = Follower.start(NetworkParameters.REGTEST, new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50)),
                Follower.DEFAULT_POOL_CAPACITY, BLOCKTXN_TIMEOUT, events);
        follower.connect(new HostPort("127.0.0.1", node.port()), TransportOption.V1, Optional.empty(), Duration.ofSeconds(10));
        assertEquals(CHAIN.tip().hash(), events.await(FollowEvent.Synced.class, s -> true).hash());
        toFollower = node.peers().getFirst();
    }

    @AfterEach
    void stop() {
        follower.close();
        node.close();
    }

    /**
     * A ping round trip from the node: once the pong is back, the follower has handled what the node
     * sent before, and the node has handled what the follower sent in answer.
     */
    private void roundTrip() throws Exception {
        toFollower.requests().ping().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Transaction tx(int height) {
        return RegtestChainGenerator.spendCoinbase(CHAIN.block(height), 1_000);
    }

    @Test
    void anUnansweredGetblocktxnFallsBackToTheFullBlockAtTheTimeout() throws Exception {
        Block block = RegtestChainGenerator.nextBlock(node.chain(), List.of(tx(5)));
        // the node does not have the block yet: it ignores the follower's getblocktxn, as Core does
        toFollower.send(new CmpctBlockMessage(HeaderAndShortIds.fromBlock(block, NONCE)));
        roundTrip();
        node.append(block); // the full block can be served from now on

        clock.advance(BLOCKTXN_TIMEOUT.minusSeconds(1));
        roundTrip();
        assertTrue(events.drained().stream().noneMatch(FollowEvent.NewTip.class::isInstance), "before the timeout: " + events.seen());

        clock.advance(Duration.ofSeconds(1));
        FollowEvent.NewTip tip = events.await(FollowEvent.NewTip.class, t -> t.hash().equals(block.hash()));
        assertEquals(new FollowEvent.FullBlock(Optional.of(FallbackReason.TIMEOUT)), tip.arrival());
        assertEquals(CHAIN.height() + 1, tip.height());
        assertEquals(2, tip.transactions());
        assertEquals(block.hash(), follower.chain().tip().hash());
        assertTrue(toFollower.isConnected(), "a slow blocktxn is not misbehaviour");
    }

    @Test
    void aCmpctblockWithCollidingShortIdsFallsBackToTheFullBlock() throws Exception {
        Block block = RegtestChainGenerator.nextBlock(node.chain(), List.of(tx(3), tx(4)));
        node.append(block);
        HeaderAndShortIds compact = HeaderAndShortIds.fromBlock(block, NONCE);
        long[] ids = compact.shortIds().toArray();
        ids[1] = ids[0];
        toFollower.send(new CmpctBlockMessage(new HeaderAndShortIds(block.header(), NONCE, ShortIds.of(ids), compact.prefilled())));
        FollowEvent.NewTip tip = events.await(FollowEvent.NewTip.class, t -> t.hash().equals(block.hash()));
        assertEquals(new FollowEvent.FullBlock(Optional.of(FallbackReason.SHORT_ID_COLLISION)), tip.arrival());
        assertEquals(3, tip.transactions());
        assertTrue(toFollower.isConnected(), "a collision is nobody's fault");
    }

    @Test
    void aFullBlockThatDoesNotMatchItsHeaderIsRejectedAndItsSenderDisconnected() throws Exception {
        Block good = RegtestChainGenerator.nextBlock(node.chain(), List.of());
        // the real header (valid proof of work) over another coinbase: the node serves this block
        Transaction otherCoinbase = RegtestChainGenerator.coinbase(CHAIN.height() + 1, new byte[]{'x'}, 1);
        Block bad = new Block(good.header(), List.of(otherCoinbase));
        node.append(bad);
        toFollower.send(new CmpctBlockMessage(HeaderAndShortIds.fromBlock(bad, NONCE)));

        FollowEvent.BlockRejected rejected = events.await(FollowEvent.BlockRejected.class, r -> true);
        assertEquals(good.hash(), rejected.hash());
        assertEquals("127.0.0.1:" + node.port(), rejected.peer());
        assertTrue(rejected.problem().contains("bad-txnmrklroot"), rejected.problem());
        events.await(FollowEvent.Disconnected.class, d -> d.reason().contains("does not match its header"));
        assertTrue(events.seen().stream().noneMatch(FollowEvent.NewTip.class::isInstance), events.seen().toString());
    }
}
