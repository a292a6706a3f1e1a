package org.btcpeer.examples.programs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.LocalNode;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.node.download.DownloadProgress;
import org.btcpeer.peer.CommandCounters;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example program runs against a local node, so none can rot. */
@Timeout(30)
class ExampleProgramsTest {

    private static LocalNode node;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        node = LocalNode.start(2_050);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void outboundPeer() throws Exception {
        VersionMessage v = OutboundPeerExample.run(node.address(), NetworkParameters.REGTEST, PeerRuntime.create(), out);
        assertEquals(2_050, v.startHeight());
        assertTrue(printed().contains("outbound: received verack"), printed());
        assertTrue(printed().contains("outbound: LOCAL: example done"), printed());
    }

    @Test
    void spvClientSyncsHeadersFromTwoPeersAndFetchesTheTipBlock() throws Exception {
        InetSocketAddress at = node.node().address();
        Block tip = SpvHeadersExample.run(List.of(at, at), NetworkParameters.REGTEST, PeerRuntime.create(), out);
        assertEquals(node.chain().tip().hash(), tip.hash());
        assertTrue(printed().contains("spv: height 2000 of ~2050"), printed());
        assertTrue(printed().contains("spv: synced to 2050 " + node.chain().tip().hash()), printed());
        assertTrue(printed().contains("merkle root ok"), printed());
    }

    @Test
    void nodeAnnouncesATransaction() throws Exception {
        Transaction tx = RegtestChainGenerator.spendCoinbase(node.chain().block(7), 1_000);
        AnnounceTxExample.run(node.node().address(), NetworkParameters.REGTEST, PeerRuntime.create(), tx, 2, out);
        assertTrue(node.node().awaitInventory(1, Duration.ofSeconds(10)));
        assertTrue(node.node().receivedInventory().stream().anyMatch(v -> v.hash().equals(tx.wtxid())),
                node.node().receivedInventory().toString());
        assertTrue(printed().contains("announce: " + tx.txid() + " queued (wtxid)"), printed());
    }

    @Test
    void crawlerWalksFromTheSeedToTheNodesItNames() throws Exception {
        try (LocalNode other = LocalNode.start(10)) {
            node.node().addKnownAddress(other.node().address());
            Map<InetSocketAddress, String> seen = CrawlerExample.run(node.node().address(), NetworkParameters.REGTEST,
                    PeerRuntime.create(), 5, out);
            assertEquals("/btcpeer:0.1.0/btcpeer-serve:0.1.0/", seen.get(node.node().address()), seen.toString());
            assertEquals("/btcpeer:0.1.0/btcpeer-serve:0.1.0/", seen.get(other.node().address()), seen.toString());
            assertTrue(printed().contains("height 10"), printed());
        }
    }

    @Test
    void sendCompletionFutures() throws Exception {
        SendFutureExample.Result r = SendFutureExample.run(node.address(), NetworkParameters.REGTEST, PeerRuntime.create(), out);
        assertEquals(10, r.written());
        assertTrue(r.failedAfterDisconnect());
        assertTrue(printed().contains("send: all 10 pings written"), printed());
    }

    @Test
    void inboundListener() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> commands = CompletableFuture.supplyAsync(() -> {
                try {
                    return InboundListenerExample.run(server, NetworkParameters.REGTEST, PeerRuntime.create(), out);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (ClientSession s = ClientSession.connect(new HostPort("127.0.0.1", server.getLocalPort()),
                    NetworkParameters.REGTEST, TransportOption.V1, java.util.Optional.empty(), Duration.ofSeconds(5),
                    PeerRuntime.create(), b -> b.requiredServices(org.btcpeer.peer.RequiredServices.NONE))) { // it offers none
                s.ping();
            }
            List<String> got = commands.get(10, TimeUnit.SECONDS);
            assertEquals("version", got.get(0));
            assertTrue(got.contains("verack") && got.contains("ping"), got.toString());
            assertTrue(printed().contains("inbound: handshake complete with /btcpeer:0.1.0/btcpeer-cli:0.1.0/"), printed());
            assertTrue(printed().contains("inbound: peer ended: REMOTE_CLOSED"), printed());
        }
    }

    /**
     * The full node syncs from two serving nodes and downloads every block; a second full node syncs
     * from it (so it serves what it downloaded); a transaction goes serve node -> first -> second; a
     * block holding it reaches the second as a compact block rebuilt from its mempool, after which
     * the second asks the first for high bandwidth and rebuilds the next one with a getblocktxn.
     */
    @Test
    @Timeout(180)
    void fullNodeDownloadsServesRelaysAndFollowsTheTipWithCompactBlocks() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (LocalNode other = LocalNode.start(2_050);
             FullNodeExample first = new FullNodeExample(loopback, List.of(node.node().address(), other.node().address()),
                     NetworkParameters.REGTEST, PeerRuntime.create(), out)) {
            DownloadProgress got = first.downloaded.get(60, TimeUnit.SECONDS);
            assertEquals(2_050, got.consumedBlocks());
            assertEquals(0, got.badBlocks());
            assertEquals(node.chain().tip().hash(), first.active.tip().header().hash());
            assertTrue(servedBlocks(node) > 0 && servedBlocks(other) > 0, "both nodes served blocks: " + printed());

            try (FullNodeExample second = new FullNodeExample(loopback, List.of(first.acceptor.localAddress()),
                    NetworkParameters.REGTEST, PeerRuntime.create(), out)) {
                assertEquals(2_050, second.downloaded.get(60, TimeUnit.SECONDS).consumedBlocks());
                assertEquals(node.chain().tip().hash(), second.active.tip().header().hash());

                Transaction tx = RegtestChainGenerator.spendCoinbase(node.chain().block(7), 1_000);
                node.node().broadcast(tx, -1);
                await(() -> second.mempool.byWtxid(tx.wtxid()).isPresent(), "the tx reached the second node");
                assertTrue(printed().contains("full: tx " + tx.txid() + " queued for"), printed());

                Block next = nextBlock(first.active.tip().header(), 2_051, tx);
                Block mutated = new Block(next.header(), List.of(next.transactions().getFirst()));
                assertFalse(first.submitBlock(mutated), "a block without the tx its header commits to");
                assertTrue(first.submitBlock(next));
                // the line is printed just after the block becomes the tip: wait for the line, not the height
                await(() -> second.active.height() == 2_051 && printed().contains("full: block " + next.hash() + " reconstructed"),
                        "the second node followed to 2051");
                assertTrue(printed().contains("full: block " + next.hash() + " reconstructed: 1 prefilled, 1 from the pool, 0 fetched"),
                        printed());

                await(() -> first.peers().stream().anyMatch(p -> p.features().peerHighBandwidth()), "high bandwidth asked");
                Peer fromSecond = first.peers().stream().filter(p -> p.features().peerHighBandwidth()).findFirst().orElseThrow();
                long getData = received(fromSecond, "getdata");
                Block after = nextBlock(next.header(), 2_052, RegtestChainGenerator.spendCoinbase(node.chain().block(8), 1_000));
                assertTrue(first.submitBlock(after));
                await(() -> second.active.height() == 2_052 && printed().contains("full: block " + after.hash() + " reconstructed"),
                        "the second node followed to 2052");
                assertTrue(printed().contains("full: block " + after.hash() + " reconstructed: 1 prefilled, 0 from the pool, 1 fetched"),
                        printed());
                assertEquals(getData, received(fromSecond, "getdata"), "pushed as a high-bandwidth cmpctblock, not asked for");
                assertEquals(1, received(fromSecond, "getblocktxn"), "one round trip for the missing tx");
            }
        }
    }

    private static Block nextBlock(BlockHeader parent, int height, Transaction tx) {
        Transaction coinbase = RegtestChainGenerator.coinbase(height, new byte[]{1}, RegtestChainGenerator.subsidy(height));
        return RegtestChainGenerator.mine(parent.hash(), List.of(coinbase, tx), parent.time() + 30);
    }

    private static long servedBlocks(LocalNode n) {
        return n.events().stream().filter(line -> line.contains("getdata -> ") && !line.contains("-> 0 blocks")).count();
    }

    private static long received(Peer peer, String command) {
        CommandCounters c = peer.stats().receivedPerCommand().get(command);
        return c == null ? 0 : c.messages();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within 90 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void mainsTakeHostAndPort() throws Exception {
        String[] args = {"127.0.0.1", String.valueOf(node.address().port())};
        PrintStream saved = System.out;
        System.setOut(out);
        try {
            OutboundPeerExample.main(args);
            SpvHeadersExample.main(args);
            SendFutureExample.main(args);
        } finally {
            System.setOut(saved);
        }
        assertTrue(printed().contains("spv: synced to 2050"), printed());
    }
}
