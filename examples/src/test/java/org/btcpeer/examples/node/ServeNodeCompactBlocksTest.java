package org.btcpeer.examples.node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.LocalNode;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.node.compact.CompactBlockServer;
import org.btcpeer.node.compact.CompactMisbehaviour;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockTransactionsRequest;
import org.btcpeer.wire.chain.TxIndexes;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.BlockTxnMessage;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.GetBlockTxnMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ServeNode's compact block answers (BIP-152, Core's depth limits), seen by a raw peer over loopback. */
@Timeout(20)
class ServeNodeCompactBlocksTest {

    private LocalNode node;
    private Peer peer;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() throws Exception {
        node = LocalNode.start(20);
        PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST)
                .listeners(PeerListeners.builder().onAny((p, m) -> received.add(m)).build()).build();
        peer = Peer.outbound(Connections.dial(node.address(), NetworkParameters.REGTEST, TransportOption.V1,
                Optional.empty(), Duration.ofSeconds(5)), config, PeerRuntime.create());
        peer.handshake().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        peer.disconnect("test over");
        node.close();
    }

    /** The messages of the block/cmpctblock/blocktxn/notfound kind that arrive before the pong for a ping sent now. */
    private List<Message> answersUntilPong() throws Exception {
        return untilPong().stream().filter(m -> m instanceof CmpctBlockMessage || m instanceof BlockMessage
                || m instanceof BlockTxnMessage || m instanceof NotFoundMessage).toList();
    }

    /** Every message that arrives before the pong for a ping sent now. */
    private List<Message> untilPong() throws Exception {
        long nonce = 0x5eed;
        peer.send(new PingMessage(nonce)).get(5, TimeUnit.SECONDS);
        List<Message> answers = new java.util.ArrayList<>();
        while (true) {
            Message m = received.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no pong within 5 s; so far " + answers);
            }
            if (m instanceof PongMessage p && p.nonce() == nonce) {
                return answers;
            }
            answers.add(m);
        }
    }

    private Block blockAtDepth(int depth) {
        return node.chain().block(node.chain().height() - depth);
    }

    @Test
    void aShallowBlockAskedAsCompactComesAsOneCmpctblock() throws Exception {
        Block b = blockAtDepth(CompactBlockServer.MAX_CMPCTBLOCK_DEPTH);
        peer.send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, b.hash()))));
        List<Message> answers = answersUntilPong();
        assertEquals(1, answers.size(), answers.toString());
        CmpctBlockMessage c = (CmpctBlockMessage) answers.getFirst();
        assertEquals(b.header(), c.compactBlock().header());
        assertEquals(b.transactions().size(), c.compactBlock().blockTxCount());
    }

    @Test
    void aDeeperBlockAskedAsCompactComesInFull() throws Exception {
        Block b = blockAtDepth(CompactBlockServer.MAX_CMPCTBLOCK_DEPTH + 1);
        peer.send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, b.hash()))));
        List<Message> answers = answersUntilPong();
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(b.hash(), ((BlockMessage) answers.getFirst()).block().hash());
    }

    @Test
    void getblocktxnIsAnsweredWithTheTransactionsWithinTheDepthLimit() throws Exception {
        Block b = blockAtDepth(CompactBlockServer.MAX_BLOCKTXN_DEPTH);
        peer.send(new GetBlockTxnMessage(new BlockTransactionsRequest(b.hash(), TxIndexes.of(0))));
        List<Message> answers = answersUntilPong();
        assertEquals(1, answers.size(), answers.toString());
        BlockTxnMessage txn = (BlockTxnMessage) answers.getFirst();
        assertEquals(b.hash(), txn.transactions().blockHash());
        assertEquals(List.of(b.transactions().getFirst()), txn.transactions().transactions());
    }

    @Test
    void getblocktxnForADeeperBlockIsAnsweredWithTheFullBlock() throws Exception {
        Block b = blockAtDepth(CompactBlockServer.MAX_BLOCKTXN_DEPTH + 1);
        peer.send(new GetBlockTxnMessage(new BlockTransactionsRequest(b.hash(), TxIndexes.of(0))));
        List<Message> answers = answersUntilPong();
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(b.hash(), ((BlockMessage) answers.getFirst()).block().hash());
    }

    @Test
    void getblocktxnPastTheBlockEndDisconnectsThePeer() throws Exception {
        Block b = blockAtDepth(0);
        peer.send(new GetBlockTxnMessage(new BlockTransactionsRequest(b.hash(), TxIndexes.of(b.transactions().size()))));
        peer.disconnected().get(5, TimeUnit.SECONDS);
        String expected = "misbehaving, disconnecting: " + CompactMisbehaviour.OUT_OF_BOUNDS_GETBLOCKTXN.coreMessage();
        assertTrue(node.events().stream().anyMatch(l -> l.contains(expected)), node.events().toString());
    }

    @Test
    void anAddedBlockIsPushedAsCmpctblockToAHighBandwidthPeer() throws Exception {
        peer.send(new SendCmpctMessage(true, SendCmpctMessage.CMPCTBLOCKS_VERSION)).get(5, TimeUnit.SECONDS);
        untilPong(); // the node has read the sendcmpct
        ServeNode serve = node.node();
        int height = serve.chain().height();
        Block next = RegtestChainGenerator.nextBlock(serve.chain(), List.of());
        assertEquals(1, serve.addBlock(next).size());
        List<Message> answers = answersUntilPong();
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(next.header(), ((CmpctBlockMessage) answers.getFirst()).compactBlock().header());
        assertEquals(height + 1, serve.chain().height());
        assertEquals(next.hash(), serve.chain().tip().hash());
    }

    @Test
    void anAddedBlockIsAnnouncedByHeadersOrInvToALowBandwidthPeer() throws Exception {
        untilPong(); // the handshake's announcements are over
        ServeNode serve = node.node();
        Block next = RegtestChainGenerator.nextBlock(serve.chain(), List.of());
        assertEquals(List.of(), serve.addBlock(next));
        List<Message> answers = untilPong();
        assertTrue(answers.stream().anyMatch(m -> m instanceof HeadersMessage h && h.headers().contains(next.header())
                || m instanceof InvMessage i && i.items().contains(InventoryVector.block(next.hash()))), answers.toString());
        assertTrue(answers.stream().noneMatch(m -> m instanceof CmpctBlockMessage), answers.toString());
    }
}
