package org.btcpeer.examples.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.chain.filter.BlockFilter;
import org.btcpeer.examples.Connections;
import org.btcpeer.examples.LocalNode;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BIP-157 from the serving node over a loopback socket: advertised, answered, and checked here
 * against filters and headers the test builds from the blocks itself.
 */
@Timeout(20)
class ServeNodeFiltersTest {

    private LocalNode node;
    private Peer peer;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() throws Exception {
        node = LocalNode.start(2_100);
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

    private <T extends Message> T next(Class<T> type) throws InterruptedException {
        while (true) {
            Message m = received.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within 5 s");
            }
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    /** Filter headers from genesis, built here from the blocks (the generated chain spends nothing). */
    private List<Hash256> headers() {
        List<Hash256> out = new ArrayList<>();
        Hash256 previous = Hash256.ZERO;
        for (Block b : node.chain().blocks()) {
            previous = BlockFilter.basic(b, List.of()).header(previous);
            out.add(previous);
        }
        return out;
    }

    @Test
    void advertisesCompactFilters() {
        assertTrue(peer.remoteVersion().orElseThrow().services().has(ServiceFlags.NODE_COMPACT_FILTERS));
    }

    @Test
    void servesFiltersHeadersAndCheckpoints() throws Exception {
        List<Hash256> headers = headers();
        Hash256 tip = node.chain().tip().hash();
        peer.send(new GetCFCheckptMessage(0, tip));
        CFCheckptMessage checkpoints = next(CFCheckptMessage.class);
        assertEquals(tip, checkpoints.stopHash());
        assertEquals(List.of(headers.get(1000), headers.get(2000)), checkpoints.filterHeaders());

        peer.send(new GetCFHeadersMessage(0, 1, node.chain().block(2000).hash()));
        CFHeadersMessage cfheaders = next(CFHeadersMessage.class);
        assertEquals(headers.get(0), cfheaders.previousFilterHeader());
        assertEquals(2000, cfheaders.filterHashes().size());
        Hash256 h = cfheaders.previousFilterHeader();
        for (Hash256 fh : cfheaders.filterHashes()) {
            h = BlockFilter.header(fh, h);
        }
        assertEquals(headers.get(2000), h);

        peer.send(new GetCFiltersMessage(0, 1100, node.chain().block(2099).hash()));
        for (int height = 1100; height <= 2099; height++) {
            CFilterMessage f = next(CFilterMessage.class);
            Block block = node.chain().block(height);
            assertEquals(block.hash(), f.blockHash());
            assertEquals(BlockFilter.basic(block, List.of()).encoded(), f.filter());
            assertTrue(BlockFilter.decodeBasic(block.hash(), f.filter()).filter()
                    .matchAny(List.of(block.transactions().get(0).outputs().get(0).scriptPubKey())));
        }
    }

    /** A transaction spending output 0 of {@code from} to {@code script}. */
    private static Transaction spend(Transaction from, ByteString script) {
        return new Transaction(2, List.of(new TxInput(new OutPoint(from.txid(), 0), ByteString.EMPTY, TxInput.SEQUENCE_FINAL)),
                List.of(new TxOutput(from.outputs().get(0).value() - 1_000, script)), 0);
    }

    @Test
    void blocksAddedLaterGetTheirFiltersAndFilterHeaders() throws Exception {
        ServeNode serve = node.node();
        List<Hash256> headers = headers(); // to height 2,100, before anything is added
        ByteString spentOnlyLater = RegtestChainGenerator.heightScript(7_777);
        Transaction pay = spend(node.chain().block(1).transactions().getFirst(), spentOnlyLater);
        Block b1 = RegtestChainGenerator.nextBlock(serve.chain(), List.of(pay));
        serve.addBlock(b1);
        Block b2 = RegtestChainGenerator.nextBlock(serve.chain(), List.of(spend(pay, RegtestChainGenerator.OP_TRUE)));
        serve.append(b2);
        // b1 spends a coinbase's OP_TRUE; b2 spends b1's output, whose script appears nowhere else in b2
        BlockFilter f1 = BlockFilter.basic(b1, List.of(RegtestChainGenerator.OP_TRUE));
        BlockFilter f2 = BlockFilter.basic(b2, List.of(spentOnlyLater));
        assertTrue(f2.filter().matchAny(List.of(spentOnlyLater)));

        peer.send(new GetCFiltersMessage(0, 2_101, b2.hash()));
        CFilterMessage c1 = next(CFilterMessage.class);
        CFilterMessage c2 = next(CFilterMessage.class);
        assertEquals(List.of(b1.hash(), b2.hash()), List.of(c1.blockHash(), c2.blockHash()));
        assertEquals(f1.encoded(), c1.filter());
        assertEquals(f2.encoded(), c2.filter(), "the script b2 spends, from the outputs of an added block");

        peer.send(new GetCFHeadersMessage(0, 2_100, b2.hash()));
        CFHeadersMessage cfheaders = next(CFHeadersMessage.class);
        assertEquals(headers.get(2_099), cfheaders.previousFilterHeader());
        assertEquals(List.of(BlockFilter.basic(node.chain().block(2_100), List.of()).filterHash(), f1.filterHash(),
                f2.filterHash()), cfheaders.filterHashes());
        assertEquals(f2.header(f1.header(headers.get(2_100))), serve.filters().get(b2.hash()).orElseThrow().header(),
                "the filter header chain goes on from the start chain's");
        assertTrue(peer.isConnected());
    }

    @Test
    void aBlockWhoseFilterCannotBeBuiltIsRefusedAndChangesNothing() throws Exception {
        ServeNode serve = node.node();
        Transaction unknown = new Transaction(2, List.of(new TxInput(new OutPoint(Hash256.fromHex("77".repeat(32)), 0),
                ByteString.EMPTY, TxInput.SEQUENCE_FINAL)), List.of(new TxOutput(1_000, RegtestChainGenerator.OP_TRUE)), 0);
        Block bad = RegtestChainGenerator.nextBlock(serve.chain(), List.of(unknown));
        assertThrows(IllegalArgumentException.class, () -> serve.append(bad));
        assertEquals(2_100, serve.chain().height());
        assertEquals(2_100, serve.filters().height());
        Block good = RegtestChainGenerator.nextBlock(serve.chain(), List.of());
        serve.append(good);
        assertEquals(good.hash(), serve.filters().get(2_101).blockHash());
        assertEquals(good.hash(), serve.chain().tip().hash());
    }

    @Test
    void aRangeCoreWouldRefuseDisconnects() throws Exception {
        peer.send(new GetCFiltersMessage(0, 0, node.chain().block(1000).hash())); // 1,001 blocks
        PeerDisconnect d = peer.disconnected().get(5, TimeUnit.SECONDS);
        assertTrue(node.events().stream().anyMatch(l -> l.contains("getcfilters refused")), node.events().toString());
        assertTrue(received.stream().noneMatch(CFilterMessage.class::isInstance));
        assertTrue(d.toString().length() > 0);
    }
}
