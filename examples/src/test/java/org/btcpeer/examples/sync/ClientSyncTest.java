package org.btcpeer.examples.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.examples.LocalNode;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library's HeaderSync (through HeadersDownload) and BlockFetcher against a ServeNode over a loopback socket. */
@Timeout(30)
class ClientSyncTest {

    private static LocalNode node;

    @BeforeAll
    static void start() throws Exception {
        node = LocalNode.start(4_500); // three getheaders batches: 2000, 2000, 500
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HeaderSync newSync() {
        return HeaderSync.builder(HeaderChain.builder(ConsensusParams.REGTEST).build()).start();
    }

    @Test
    void syncsEveryHeaderWithTheLibrarysHeaderSync() throws Exception {
        List<Integer> progress = new ArrayList<>();
        try (HeaderSync sync = newSync(); ClientSession s = node.connect(sync.listeners())) {
            ChainHeader tip = HeadersDownload.run(s, sync, Integer.MAX_VALUE, Duration.ofSeconds(10), progress::add);
            assertEquals(4_500, tip.height());
            assertEquals(node.chain().tip().hash(), tip.hash());
            assertEquals(4_500, progress.getLast());
        }
    }

    @Test
    void stopsAtMax() throws Exception {
        try (HeaderSync sync = newSync(); ClientSession s = node.connect(sync.listeners())) {
            ChainHeader tip = HeadersDownload.run(s, sync, 2_345, Duration.ofSeconds(10), h -> { });
            assertEquals(2_345, tip.height());
            assertEquals(node.chain().block(2_345).hash(), tip.hash());
        }
    }

    @Test
    void fetchesAndVerifiesBlocksWithAnyWindow() throws Exception {
        try (HeaderSync sync = newSync(); ClientSession s = node.connect(sync.listeners())) {
            ChainHeader tip = HeadersDownload.run(s, sync, 600, Duration.ofSeconds(10), h -> { });
            List<BlockHeader> headers = HeadersDownload.headersUpTo(sync.chain(), tip);
            for (int window : new int[]{1, 16, 128}) {
                List<Block> got = new ArrayList<>();
                BlockFetcher.Result r = BlockFetcher.fetch(s, headers, window, got::add, d -> { });
                assertEquals(600, r.blocks());
                assertEquals(600, got.size());
                long bytes = got.stream().mapToLong(Block::serializedSize).sum();
                assertEquals(bytes, r.bytes());
                assertTrue(r.megabytesPerSecond() > 0);
                assertEquals(node.chain().block(1).hash(), got.get(0).hash());
            }
        }
    }

    @Test
    void fetchesOneBlockAndReportsAMissingOne() throws Exception {
        try (ClientSession s = node.connect()) {
            Block b = BlockFetcher.fetchOne(s, node.chain().block(123).hash());
            assertEquals(node.chain().block(123).hash(), b.hash());
            SyncException e = assertThrows(SyncException.class,
                    () -> BlockFetcher.fetchOne(s, Hash256.fromHex("ee".repeat(32))));
            assertTrue(e.getMessage().contains("does not have block"), e.getMessage());
        }
    }

    @Test
    void measuresAPingRoundTrip() throws Exception {
        try (ClientSession s = node.connect()) {
            assertTrue(s.ping().toNanos() > 0);
        }
    }

    @Test
    void blockChecksRejectAWrongBlockAndAMerkleMismatch() throws Exception {
        Block b = node.chain().block(9);
        SyncException wrong = assertThrows(SyncException.class, () -> BlockChecks.verify(b, node.chain().block(8).hash()));
        assertTrue(wrong.getMessage().contains("asked for block"), wrong.getMessage());
        Block tampered = new Block(b.header(), List.of(node.chain().block(8).transactions().get(0)));
        SyncException merkle = assertThrows(SyncException.class, () -> BlockChecks.verify(tampered, tampered.hash()));
        assertTrue(merkle.getMessage().contains("merkle root"), merkle.getMessage());
    }
}
