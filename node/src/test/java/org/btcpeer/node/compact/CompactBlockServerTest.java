package org.btcpeer.node.compact;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockTransactionsRequest;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.TxIndexes;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.BlockTxnMessage;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.GetBlockTxnMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serving side: announcements to high-bandwidth peers, getdata(MSG_CMPCT_BLOCK) and getblocktxn with Core's depth limits. */
class CompactBlockServerTest {

    static Block block;

    final CompactPeers peers = new CompactPeers();
    final List<String> misbehaviour = new ArrayList<>();
    int depth;
    final CompactBlockSource source = new CompactBlockSource() {
        @Override
        public OptionalInt depth(Hash256 hash) {
            return hash.equals(block.hash()) ? OptionalInt.of(depth) : OptionalInt.empty();
        }

        @Override
        public Optional<Block> block(Hash256 hash) {
            return hash.equals(block.hash()) ? Optional.of(block) : Optional.empty();
        }
    };
    final CompactBlockServer server = new CompactBlockServer(source, (peer, what, detail) -> {
        synchronized (misbehaviour) {
            misbehaviour.add(what.name());
        }
        MisbehaviourReporter.disconnecting().report(peer, what, detail);
    }, new SecureRandom());

    @BeforeAll
    static void load() {
        block = CompactPeers.segwitBlock();
    }

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    CompactPeers.Pair peer(boolean highBandwidth) throws Exception {
        CompactPeers.Pair p = peers.inbound(server.listeners());
        p.remote().send(new SendCmpctMessage(highBandwidth, SendCmpctMessage.CMPCTBLOCKS_VERSION));
        CompactPeers.sync(p.remote(), 2);
        return p;
    }

    @Test
    void aNewBlockGoesAsCmpctblockToHighBandwidthPeersOnly() throws Exception {
        CompactPeers.Pair high = peer(true);
        CompactPeers.Pair low = peer(false);
        assertEquals(List.of(high.peer()), server.announce(block, List.of(high.peer(), low.peer())));
        HeaderAndShortIds got = CompactPeers.next(high.remote(), CmpctBlockMessage.class).compactBlock();
        assertEquals(HeaderAndShortIds.fromBlock(block, got.nonce()), got, "coinbase prefilled, wtxid short ids");
        List<Message> toLow = CompactPeers.sync(low.remote(), 3);
        assertTrue(toLow.stream().noneMatch(m -> m instanceof CmpctBlockMessage), toLow.toString());
        high.peer().announceBlock(block.header());
        low.peer().announceBlock(block.header());
        List<Message> later = CompactPeers.sync(high.remote(), 4);
        assertTrue(later.stream().noneMatch(m -> m instanceof HeadersMessage || m instanceof InvMessage),
                "the high-bandwidth peer knows the block already: " + later);
        assertTrue(CompactPeers.sync(low.remote(), 5).stream().anyMatch(m -> m instanceof HeadersMessage || m instanceof InvMessage));
    }

    @Test
    void getblocktxnForTheNewBlockIsAnsweredInOrder() throws Exception {
        CompactPeers.Pair p = peer(true);
        depth = 100; // the most recent block is served even if the store says otherwise
        server.announce(block, List.of(p.peer()));
        p.remote().send(new GetBlockTxnMessage(new BlockTransactionsRequest(block.hash(), TxIndexes.of(1, 5, 3314))));
        BlockTxnMessage answer = CompactPeers.next(p.remote(), BlockTxnMessage.class);
        assertEquals(block.hash(), answer.transactions().blockHash());
        assertEquals(List.of(block.transactions().get(1), block.transactions().get(5), block.transactions().get(3314)),
                answer.transactions().transactions());
    }

    @Test
    void getblocktxnPastTheLastTransactionIsMisbehaviour() throws Exception {
        CompactPeers.Pair p = peer(true);
        server.announce(block, List.of(p.peer()));
        p.remote().send(new GetBlockTxnMessage(new BlockTransactionsRequest(block.hash(), TxIndexes.of(2, 3315))));
        PeerDisconnect d = p.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertTrue(d.detail().contains("getblocktxn with out-of-bounds tx indices"), d.detail());
        assertEquals(List.of("OUT_OF_BOUNDS_GETBLOCKTXN"), misbehaviour);
    }

    @ParameterizedTest(name = "depth {0}: {1}")
    @CsvSource({"0, cmpctblock", "5, cmpctblock", "6, block", "50, block"})
    void getdataForACompactBlockFollowsMaxCmpctblockDepth(int blockDepth, String answer) throws Exception {
        depth = blockDepth;
        CompactPeers.Pair p = peer(false);
        p.remote().send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, block.hash()))));
        Message m = firstOf(p, CmpctBlockMessage.class, BlockMessage.class);
        assertEquals(answer, m.commandName());
        if (m instanceof BlockMessage b) {
            assertEquals(block.hash(), b.block().hash());
        } else {
            assertEquals(block.header(), ((CmpctBlockMessage) m).compactBlock().header());
        }
    }

    @ParameterizedTest(name = "depth {0}: {1}")
    @CsvSource({"10, blocktxn", "11, block"})
    void getblocktxnFollowsMaxBlocktxnDepth(int blockDepth, String answer) throws Exception {
        depth = blockDepth;
        CompactPeers.Pair p = peer(false);
        p.remote().send(new GetBlockTxnMessage(new BlockTransactionsRequest(block.hash(), TxIndexes.of(7))));
        Message m = firstOf(p, BlockTxnMessage.class, BlockMessage.class);
        assertEquals(answer, m.commandName());
    }

    /** The next message of either type; no ping after it (a queued 1.2 MB block fills the send queue, so the pong would be refused). */
    static Message firstOf(CompactPeers.Pair p, Class<? extends Message> a, Class<? extends Message> b) throws InterruptedException {
        while (true) {
            Message m = p.remote().next();
            if (a.isInstance(m) || b.isInstance(m)) {
                return m;
            }
        }
    }

    @Test
    void requestsForBlocksWeDoNotHaveAreNotAnswered() throws Exception {
        CompactPeers.Pair p = peer(false);
        Hash256 unknown = Hash256.fromHex("00000000000000000000000000000000000000000000000000000000000000aa");
        p.remote().send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, unknown))));
        p.remote().send(new GetBlockTxnMessage(new BlockTransactionsRequest(unknown, TxIndexes.of(0))));
        List<Message> sent = CompactPeers.sync(p.remote(), 9);
        assertTrue(sent.isEmpty(), sent.toString());
        assertTrue(p.peer().isConnected());
    }
}
