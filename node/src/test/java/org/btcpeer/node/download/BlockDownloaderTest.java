package org.btcpeer.node.download;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.RequestTimeouts;
import org.btcpeer.peer.connect.ConnectionEvent;
import org.btcpeer.peer.connect.ConnectionType;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BlockDownloader} against in-memory peers on a manual clock: Core's limits, stalls, bad blocks, backpressure. */
class BlockDownloaderTest {

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = ServingRemote.runtime(clock);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<DownloadedBlock> consumed = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ServingRemote serving(TestBlocks chain) throws Exception {
        ServingRemote r = ServingRemote.full(chain, runtime);
        toClose.add(r);
        return r;
    }

    private BlockDownloader downloader(TestBlocks chain, DownloadConfig config) {
        BlockDownloader d = new BlockDownloader(BlockSource.of(chain.headers), config, clock);
        toClose.add(d);
        return d;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    /**
     * The synchronisation point of the negative checks, instead of a sleep: the downloader's loop has
     * handled every event so far and queued the requests they led to ({@link BlockDownloader#idle()}),
     * then a ping through each peer is answered, so each remote read every getdata queued before it.
     */
    private static void settle(BlockDownloader d, ServingRemote... remotes) throws Exception {
        d.idle().get(10, TimeUnit.SECONDS);
        for (ServingRemote r : remotes) {
            r.peer.requests().ping().get(10, TimeUnit.SECONDS);
        }
    }

    /** Every height from..to consumed once, in order, each block the chain's own. */
    private void assertConsumedInOrder(TestBlocks chain, int from, int to) {
        assertEquals(IntStream.rangeClosed(from, to).boxed().toList(), consumed.stream().map(DownloadedBlock::height).toList());
        for (DownloadedBlock b : consumed) {
            assertEquals(chain.at(b.height()), b.block(), "block at " + b.height());
        }
    }

    @Test
    void downloadsFromTwoPeersInHeightOrder() throws Exception {
        TestBlocks chain = new TestBlocks(200, 3);
        ServingRemote a = serving(chain);
        ServingRemote b = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(a.peer);
        d.addPeer(b.peer);
        DownloadProgress done = d.start(1, 200, consumed::add).get(10, TimeUnit.SECONDS);

        assertConsumedInOrder(chain, 1, 200);
        assertEquals(200, done.receivedBlocks());
        assertEquals(chain.blocks.stream().mapToLong(x -> x.serializedSize()).sum(), done.receivedBytes());
        assertTrue(a.served.get() > 0 && b.served.get() > 0, "both peers served: " + a.served + ", " + b.served);
        assertEquals(200, a.requested.size() + b.requested.size(), "no block asked twice");
        assertTrue(done.isComplete());
        assertEquals(0, done.heldBytes());
        assertTrue(a.peer.isConnected() && b.peer.isConnected(), "the peers stay connected");
    }

    @Test
    void asksAtMost16PerPeerWithinTheWindow() throws Exception {
        TestBlocks chain = new TestBlocks(100, 0);
        ServingRemote a = serving(chain);
        a.withheld.addAll(IntStream.rangeClosed(1, 100).boxed().toList());
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(a.peer);
        ServingRemote b = serving(chain);
        b.withheld.addAll(IntStream.rangeClosed(1, 100).boxed().toList());
        d.addPeer(b.peer);
        d.start(1, 100, consumed::add);
        // 16 in flight each, lowest heights first
        await(() -> a.requested.size() + b.requested.size() >= 32, "32 requests");
        settle(d, a, b); // a negative check: any 33rd request has reached a remote by now
        assertEquals(32, a.requested.size() + b.requested.size(), "16 per peer in flight");
        assertEquals(32, d.progress().inFlight(), "no 17th asked of a peer (its requests would refuse it)");
        assertEquals(0, d.progress().reassignedBlocks());
        List<Integer> all = new ArrayList<>(a.requested);
        all.addAll(b.requested);
        assertEquals(IntStream.rangeClosed(1, 32).boxed().toList(), all.stream().sorted().toList());
        assertEquals(1, d.otherDownloadPeers().getAsInt(), "each peer's block timeout counts the other");
    }

    @Test
    void peersWithholdingBlocksAreDroppedAt10MinutesPlus5PerOtherDownloadingPeer() throws Exception {
        TestBlocks chain = new TestBlocks(40, 0);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        // the peers' block timeouts count the downloader's other peers, as the download guide wires them
        RequestTimeouts timeouts = RequestTimeouts.CORE.withOtherDownloadPeers(d.otherDownloadPeers());
        ServiceFlags services = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);
        List<ServingRemote> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ServingRemote r = new ServingRemote(chain, runtime, services, chain.size(), timeouts);
            toClose.add(r);
            r.withheld.addAll(IntStream.rangeClosed(1, 40).boxed().toList());
            d.addPeer(r.peer);
            both.add(r);
        }
        d.start(1, 40, consumed::add);
        await(() -> both.get(0).requested.size() + both.get(1).requested.size() == 32 && d.otherDownloadPeers().getAsInt() == 1,
                "16 in flight from each");

        clock.advance(Duration.ofMinutes(10));
        assertTrue(both.stream().allMatch(r -> r.peer.isConnected()), "Core's 10 min are 15 with one other download peer");
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertTrue(both.stream().allMatch(r -> r.peer.isConnected()), "1 s before the deadline");
        clock.advance(Duration.ofSeconds(1));
        for (ServingRemote r : both) {
            PeerDisconnect why = r.peer.disconnected().get(5, TimeUnit.SECONDS);
            assertEquals(DisconnectReason.STALL, why.reason(), why.toString());
            assertTrue(why.detail().contains("timeout downloading block"), why.detail());
        }
        assertTrue(consumed.isEmpty());
    }

    @Test
    void requestsNothingPastTheWindow() throws Exception {
        TestBlocks chain = new TestBlocks(40, 0);
        ServingRemote a = serving(chain);
        a.withheld.add(1);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE.withWindow(8));
        d.addPeer(a.peer);
        d.start(1, 40, consumed::add);
        await(() -> d.progress().receivedBlocks() >= 7, "heights 2..8 received");
        settle(d, a);
        assertEquals(IntStream.rangeClosed(1, 8).boxed().toList(), a.requested.stream().sorted().toList(),
                "nothing past the window of 8 while height 1 is missing");
        assertTrue(consumed.isEmpty(), "height 1 comes first");
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {32, DownloadConfig.BLOCK_DOWNLOAD_WINDOW})
    void aPeerWithholdingTheWindowsFirstBlockIsDisconnectedAfter2sAndItsBlocksGoElsewhere(int windowSize) throws Exception {
        int blocks = 2 * windowSize;
        TestBlocks chain = new TestBlocks(blocks, 1);
        ServingRemote a = serving(chain);
        a.withheld.add(1);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE.withWindow(windowSize));
        d.addPeer(a.peer);
        ServingRemote b = serving(chain);
        d.addPeer(b.peer);
        var finished = d.start(1, blocks, consumed::add);
        // a holds 1 (withheld); everything else in the window arrives; b then has nothing to do: a stalls us
        await(() -> d.progress().receivedBlocks() == windowSize - 1, "heights 2.." + windowSize + " received");
        assertTrue(consumed.isEmpty());
        clock.advance(Duration.ofMillis(1999));
        assertTrue(a.peer.isConnected(), "still connected before Core's 2 s stalling timeout");
        clock.advance(Duration.ofMillis(1));
        PeerDisconnect why = a.peer.disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.STALL, why.reason(), why.toString());

        DownloadProgress done = finished.get(10, TimeUnit.SECONDS);
        assertConsumedInOrder(chain, 1, blocks);
        assertEquals(1, done.stallDisconnects());
        assertTrue(done.reassignedBlocks() >= 1, "a's block 1 was reassigned: " + done);
        assertTrue(b.requested.contains(1), "b was asked for height 1");
        assertTrue(b.peer.isConnected(), "b never stalled");
    }

    @Test
    void aPeerThatLeavesMidwayHasItsBlocksReassigned() throws Exception {
        TestBlocks chain = new TestBlocks(150, 2);
        ServingRemote a = serving(chain);
        a.hangUpAfter = 10;
        ServingRemote b = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(a.peer);
        d.addPeer(b.peer);
        DownloadProgress done = d.start(1, 150, consumed::add).get(10, TimeUnit.SECONDS);
        assertConsumedInOrder(chain, 1, 150);
        assertFalse(a.peer.isConnected(), "a hung up");
        assertEquals(10, a.served.get());
        assertTrue(done.reassignedBlocks() > 0, done.toString());
        assertEquals(1, done.peers());
    }

    @Test
    void aBlockThatDoesNotMatchItsHeaderDropsThePeer() throws Exception {
        TestBlocks chain = new TestBlocks(60, 2);
        ServingRemote a = serving(chain);
        a.tampered.add(5);
        ServingRemote b = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(a.peer);
        d.addPeer(b.peer);
        DownloadProgress done = d.start(1, 60, consumed::add).get(10, TimeUnit.SECONDS);
        assertConsumedInOrder(chain, 1, 60);
        PeerDisconnect why = a.peer.disconnected().get(5, TimeUnit.SECONDS);
        assertTrue(why.detail().contains("bad-txnmrklroot"), why.toString());
        assertEquals(1, done.badBlocks());
    }

    @Test
    void aSlowConsumerHoldsTheMemoryBound() throws Exception {
        TestBlocks chain = new TestBlocks(80, 4);
        int size = chain.at(1).serializedSize();
        long bound = 6L * size;
        ServingRemote a = serving(chain);
        ServingRemote b = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE.withMaxHeldBytes(bound));
        d.addPeer(a.peer);
        d.addPeer(b.peer);
        Semaphore permits = new Semaphore(0);
        var finished = d.start(1, 80, block -> {
            permits.acquire();
            consumed.add(block);
        });
        await(() -> d.progress().heldBytes() >= bound, "the bound filled");
        settle(d, a, b);
        assertEquals(6, a.requested.size() + b.requested.size(), "no request beyond the bound while the consumer waits");
        for (int i = 0; i < 80; i++) {
            permits.release();
            DownloadProgress p = d.progress();
            assertTrue(p.heldBytes() <= bound, "held " + p.heldBytes() + " within " + bound);
        }
        DownloadProgress done = finished.get(10, TimeUnit.SECONDS);
        assertConsumedInOrder(chain, 1, 80);
        assertTrue(done.peakHeldBytes() <= bound, "peak " + done.peakHeldBytes() + " within " + bound);
        assertEquals(bound, done.peakHeldBytes(), "the bound was used");
    }

    @Test
    void closeStopsTheDownloadAndLeavesThePeersConnected() throws Exception {
        TestBlocks chain = new TestBlocks(40, 0);
        ServingRemote a = serving(chain);
        a.withheld.addAll(IntStream.rangeClosed(10, 40).boxed().toList());
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(a.peer);
        var finished = d.start(1, 40, consumed::add);
        await(() -> consumed.size() == 9, "heights 1..9 consumed");
        d.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> finished.get(5, TimeUnit.SECONDS));
        BlockDownloadException stop = assertInstanceOf(BlockDownloadException.class, e.getCause());
        assertEquals(BlockDownloadException.Reason.STOPPED, stop.reason());
        assertTrue(a.peer.isConnected());
        assertEquals(9, consumed.size());
    }

    @Test
    void aConsumerFailureEndsTheDownloadWithIt() throws Exception {
        TestBlocks chain = new TestBlocks(20, 0);
        ServingRemote a = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(a.peer);
        IllegalStateException boom = new IllegalStateException("disk full");
        var finished = d.start(1, 20, block -> {
            if (block.height() == 7) {
                throw boom;
            }
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> finished.get(5, TimeUnit.SECONDS));
        BlockDownloadException failed = assertInstanceOf(BlockDownloadException.class, e.getCause());
        assertEquals(BlockDownloadException.Reason.CONSUMER_FAILED, failed.reason());
        assertEquals(boom, failed.getCause());
    }

    @Test
    void peersWithoutBlocksOrWitnessesAreNotAsked() throws Exception {
        TestBlocks chain = new TestBlocks(10, 0);
        ServingRemote noWitness = new ServingRemote(chain, runtime, ServiceFlags.of(ServiceFlags.NODE_NETWORK), 10);
        toClose.add(noWitness);
        ServingRemote full = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(noWitness.peer);
        d.addPeer(full.peer);
        d.start(1, 10, consumed::add).get(10, TimeUnit.SECONDS);
        assertTrue(noWitness.requested.isEmpty());
        assertEquals(10, full.requested.size());
    }

    @Test
    void aLimitedPeerIsAskedOnlyForItsRecentBlocks() throws Exception {
        TestBlocks chain = new TestBlocks(300, 0);
        ServingRemote limited = new ServingRemote(chain, runtime,
                ServiceFlags.of(ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS), 300);
        toClose.add(limited);
        ServingRemote full = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.addPeer(limited.peer);
        d.addPeer(full.peer);
        d.start(1, 300, consumed::add).get(10, TimeUnit.SECONDS);
        assertConsumedInOrder(chain, 1, 300);
        assertFalse(limited.requested.isEmpty(), "the limited peer helped");
        assertTrue(limited.requested.stream().allMatch(h -> h > 300 - 286), "only its last 286: " + limited.requested);
    }

    @Test
    void followsAConnectionManagersEvents() throws Exception {
        TestBlocks chain = new TestBlocks(30, 0);
        ServingRemote a = serving(chain);
        BlockDownloader d = downloader(chain, DownloadConfig.CORE);
        d.onConnectionEvent(new ConnectionEvent.Connected(a.peer, ConnectionType.OUTBOUND_FULL_RELAY));
        d.start(1, 30, consumed::add).get(10, TimeUnit.SECONDS);
        assertConsumedInOrder(chain, 1, 30);
        assertEquals(30, a.served.get());
    }
}
