package org.btcpeer.chain.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.btcpeer.chain.filter.FilterIndex;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.filter.SpentScripts;
import org.btcpeer.chain.filter.TestChain;
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerRequests;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.TxOutput;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.KnownMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The BIP-157 client against in-memory serving peers ({@link FilterServer}: real peers answering
 * from a {@link FilterIndex}), honest and lying, with a manual clock for the timeouts.
 */
@Timeout(60)
class FilterClientTest {

    /** Real mainnet blocks 0 to 255 (wire test resources: genesis + btcd's blocks1-256.dat). */
    private static final List<Block> MAINNET = mainnetBlocks();
    private static final FilterIndex MAINNET_INDEX = FilterIndex.of(MAINNET);

    private static final List<Block> TEST = TestChain.blocks(2_100);
    private static final FilterIndex TEST_INDEX = FilterIndex.of(TEST);

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<FilterServer> servers = new ArrayList<>();
    private final List<FilterClientEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(FilterServer::close);
    }

    private static List<Block> mainnetBlocks() {
        List<Block> blocks = new ArrayList<>();
        try (InputStream in = FilterClientTest.class.getResourceAsStream("/blocks/blocks1-256.dat")) {
            blocks.add(Block.decode(NetworkParameters.MAINNET.genesisBlock()));
            ByteBuffer buf = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.remaining() >= 8) {
                buf.getInt(); // magic
                byte[] raw = new byte[buf.getInt()];
                buf.get(raw);
                blocks.add(Block.decode(ByteString.wrap(raw)));
            }
        } catch (IOException | WireException e) {
            throw new AssertionError(e);
        }
        return List.copyOf(blocks);
    }

    private static BlockHashes hashes(List<Block> chain) {
        return BlockHashes.of(chain.stream().map(Block::hash).toList());
    }

    private FilterServer serve(FilterIndex index, List<Block> chain, UnaryOperator<KnownMessage> tamper) throws Exception {
        FilterServer s = new FilterServer(runtime, index, chain, FilterServer.SERVICES, tamper);
        servers.add(s);
        return s;
    }

    private FilterServer honest(FilterIndex index, List<Block> chain) throws Exception {
        return serve(index, chain, UnaryOperator.identity());
    }

    private FilterScan scan(List<Block> chain, SpentScriptSource spent, List<FilterServer> from, FilterScanRequest r)
            throws Exception {
        return scan(hashes(chain), spent, from, r);
    }

    private FilterScan scan(BlockHashes chain, SpentScriptSource spent, List<FilterServer> from, FilterScanRequest r)
            throws Exception {
        FilterClient client = new FilterClient(chain, spent, events::add);
        return client.scan(from.stream().map(s -> s.client).toList(), r).get(30, TimeUnit.SECONDS);
    }

    private static FilterClientException.Failure failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(FilterClientException.class, e.getCause()).failure();
    }

    /** The heights whose blocks pay or spend the script: the answer, computed from the blocks alone. */
    private static List<Integer> payingOrSpending(List<Block> chain, ByteString script) {
        List<Integer> heights = new ArrayList<>();
        SpentScripts spent = new SpentScripts();
        for (int h = 0; h < chain.size(); h++) {
            boolean spends = spent.connect(chain.get(h)).contains(script);
            boolean pays = chain.get(h).transactions().stream().flatMap(t -> t.outputs().stream())
                    .map(TxOutput::scriptPubKey).anyMatch(script::equals);
            if (pays || spends) {
                heights.add(h);
            }
        }
        return heights;
    }

    private List<Peer> dropped() {
        return events.stream().filter(e -> e instanceof FilterClientEvent.PeerDropped)
                .map(e -> ((FilterClientEvent.PeerDropped) e).peer()).toList();
    }

    @Test
    void realMainnetBlocksDownloadExactlyTheBlocksThatPayOrSpendTheScript() throws Exception {
        // block 9's coinbase pays Satoshi's key; block 170 spends it to Hal Finney (the first payment)
        // with the change back to the same key, spent again at 181-183 and 248
        ByteString watched = MAINNET.get(9).transactions().getFirst().outputs().getFirst().scriptPubKey();
        List<Integer> expected = payingOrSpending(MAINNET, watched);
        assertEquals(List.of(9, 170, 181, 182, 183, 248), expected);
        HeaderChain headers = HeaderChain.builder(ConsensusParams.MAINNET).build();
        headers.addAll(MAINNET.subList(1, MAINNET.size()).stream().map(Block::header).toList());
        assertEquals(255, headers.height(), "proof of work and linkage validated");
        FilterScan result = scan(BlockHashes.of(headers), SpentScriptSource.NONE,
                List.of(honest(MAINNET_INDEX, MAINNET), honest(MAINNET_INDEX, MAINNET)),
                new FilterScanRequest(0, MAINNET.size() - 1, Set.of(watched)));
        assertEquals(expected, result.matches().stream().map(FilterScan.MatchedBlock::height).toList());
        assertEquals(MAINNET.get(170).hash(), result.matches().get(1).block().hash());
        // only the matching blocks were downloaded
        List<Hash256> asked = servers.stream().flatMap(s -> s.requests.stream())
                .filter(m -> m instanceof GetDataMessage).flatMap(m -> ((GetDataMessage) m).items().stream())
                .map(InventoryVector::hash).toList();
        assertEquals(expected.stream().map(h -> MAINNET.get(h).hash()).toList(), asked);
        assertEquals(256, result.filtersVerified());
        assertEquals(0, result.droppedPeers());
        long verified = events.stream().filter(e -> e instanceof FilterClientEvent.FilterVerified).count();
        assertEquals(256, verified);
        FilterClientEvent.FilterVerified last = (FilterClientEvent.FilterVerified) events.stream()
                .filter(e -> e instanceof FilterClientEvent.FilterVerified).reduce((a, b) -> b).orElseThrow();
        assertEquals(MAINNET_INDEX.get(255).header(), last.header());
    }

    @Test
    void aPeerWhoseFilterLeavesOutAnOutputIsConvictedByTheBlockAndDisconnected() throws Exception {
        FilterIndex forged = TestChain.forgedIndex(TEST, 1_500, TestChain.paymentScript(1_500));
        FilterServer liar = serve(forged, TEST, UnaryOperator.identity());
        FilterServer a = honest(TEST_INDEX, TEST);
        FilterServer b = honest(TEST_INDEX, TEST);
        FilterScan result = scan(TEST, SpentScriptSource.NONE, List.of(liar, a, b),
                new FilterScanRequest(1_200, 1_600, Set.of(TestChain.paymentScript(1_550))));
        assertEquals(List.of(liar.client), dropped());
        assertTrue(liar.client.disconnected().get(5, TimeUnit.SECONDS).toString().contains("misses output script"),
                liar.client.disconnected().get().toString());
        assertTrue(a.client.isConnected() && b.client.isConnected());
        assertEquals(List.of(1_550), result.matches().stream().map(FilterScan.MatchedBlock::height).toList());
        assertEquals(401, result.filtersVerified());
        assertEquals(1, result.droppedPeers());
        // started from the checkpoint at 1,000 all agree on: nobody was asked for headers from genesis
        assertEquals(1_001, a.requests.stream().filter(m -> m instanceof GetCFHeadersMessage)
                .map(m -> ((GetCFHeadersMessage) m).startHeight()).findFirst().orElseThrow());
    }

    @Test
    void aPeerWhoseCfheadersContradictItsOwnFiltersIsDisconnected() throws Exception {
        Hash256 forgedHash = Hash256.fromHex("ab".repeat(32));
        // a right filter for every block, but a wrong filter hash in cfheaders for height 1,400
        FilterServer liar = serve(TEST_INDEX, TEST, m -> m instanceof CFHeadersMessage h && h.stopHash().equals(TEST.get(1_600).hash())
                ? withHash(h, 1_400 - 1_001, forgedHash) : m);
        FilterServer a = honest(TEST_INDEX, TEST);
        FilterScan result = scan(TEST, SpentScriptSource.NONE, List.of(a, liar),
                new FilterScanRequest(1_100, 1_600, Set.of()));
        assertEquals(List.of(liar.client), dropped());
        assertTrue(liar.client.disconnected().get(5, TimeUnit.SECONDS).toString().contains("contradicts its cfheaders"));
        assertEquals(List.of(), result.matches());
        assertEquals(501, result.filtersVerified());
    }

    private static CFHeadersMessage withHash(CFHeadersMessage h, int index, Hash256 hash) {
        List<Hash256> hashes = new ArrayList<>(h.filterHashes());
        hashes.set(index, hash);
        return new CFHeadersMessage(h.filterType(), h.stopHash(), h.previousFilterHeader(), hashes);
    }

    @Test
    void aPeerServingAFilterThatDoesNotMatchTheAgreedHeadersIsDisconnectedAndAnotherServesTheBatch() throws Exception {
        Block target = TEST.get(30);
        FilterServer liar = serve(TEST_INDEX, TEST, m -> m instanceof CFilterMessage f && f.blockHash().equals(target.hash())
                ? new CFilterMessage(0, f.blockHash(), ByteString.fromHex("00")) : m);
        FilterServer a = honest(TEST_INDEX, TEST);
        FilterScan result = scan(TEST, SpentScriptSource.NONE, List.of(liar, a),
                new FilterScanRequest(0, 100, Set.of(TestChain.changeScript(30))));
        assertEquals(List.of(liar.client), dropped());
        assertEquals(List.of(30), result.matches().stream().map(FilterScan.MatchedBlock::height).toList());
        assertEquals(101, result.filtersVerified());
    }

    @Test
    void aForgedSpentScriptIsConvictedOnlyWithTheSpentScriptsKnown() throws Exception {
        // block 1,500 spends block 1,499's coinbase: the liar leaves that spent script out
        ByteString spentScript = TestChain.coinbaseScript(1_499);
        FilterIndex forged = TestChain.forgedIndex(TEST, 1_500, spentScript);
        FilterScanRequest r = new FilterScanRequest(1_450, 1_550, Set.of());

        FilterClient blind = new FilterClient(hashes(TEST), SpentScriptSource.NONE, events::add);
        FilterServer liar1 = serve(forged, TEST, UnaryOperator.identity());
        FilterServer honest1 = honest(TEST_INDEX, TEST);
        assertEquals(FilterClientException.Failure.UNRESOLVED_DISAGREEMENT,
                failure(blind.scan(List.of(liar1.client, honest1.client), r)));
        assertTrue(liar1.client.isConnected(), "no evidence, no blame");

        List<List<ByteString>> spentByHeight = new ArrayList<>();
        SpentScripts tracker = new SpentScripts();
        TEST.forEach(b -> spentByHeight.add(tracker.connect(b)));
        SpentScriptSource undo = block -> TEST_INDEX.get(block.hash()).map(f -> spentByHeight.get(f.height()));
        FilterServer liar2 = serve(forged, TEST, UnaryOperator.identity());
        FilterServer honest2 = honest(TEST_INDEX, TEST);
        FilterScan result = scan(TEST, undo, List.of(honest2, liar2), r);
        assertEquals(List.of(liar2.client), dropped());
        assertTrue(liar2.client.disconnected().get(5, TimeUnit.SECONDS).toString().contains("spent scripts"));
        assertEquals(101, result.filtersVerified());
    }

    @Test
    void aSilentPeerTimesOutOnTheManualClockAndIsLeftOutWithoutBlame() throws Exception {
        FilterServer silent = honest(TEST_INDEX, TEST);
        silent.silent = true;
        FilterServer a = honest(TEST_INDEX, TEST);
        FilterClient client = new FilterClient(hashes(TEST), SpentScriptSource.NONE, events::add);
        CompletableFuture<FilterScan> f = client.scan(List.of(silent.client, a.client),
                new FilterScanRequest(0, 50, Set.of(TestChain.paymentScript(7))));
        // Both asked, and the honest peer's answer taken: only the silent peer's request is left
        // for the clock to expire (advancing earlier would expire the honest one's too).
        while (silent.received(GetCFCheckptMessage.class) == 0 || a.received(GetCFCheckptMessage.class) == 0
                || a.client.requests().inFlight() > 0) {
            Thread.onSpinWait(); // bounded by the test timeout
        }
        clock.advance(PeerRequests.FILTER_RESPONSE_TIME.minusNanos(1));
        // the expiry would run inside advance: its request still pending is the deterministic check
        // (the scan's own thread could still be on its way to completing f)
        assertEquals(1, silent.client.requests().inFlight(), "the silent peer's request waits until its timeout");
        assertFalse(f.isDone(), "waits for the silent peer until its timeout");
        clock.advance(Duration.ofNanos(1));
        FilterScan result = f.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(7), result.matches().stream().map(FilterScan.MatchedBlock::height).toList());
        assertTrue(silent.client.isConnected());
        assertEquals(List.of(), dropped());
    }

    @Test
    void stopEndsAWaitingScanAndPeersWithoutFiltersAreNotAsked() throws Exception {
        FilterServer silent = honest(TEST_INDEX, TEST);
        silent.silent = true;
        FilterClient client = new FilterClient(hashes(TEST), SpentScriptSource.NONE, events::add);
        CompletableFuture<FilterScan> f = client.scan(List.of(silent.client), new FilterScanRequest(0, 10, Set.of()));
        while (silent.received(GetCFCheckptMessage.class) == 0) {
            Thread.onSpinWait();
        }
        client.stop();
        assertEquals(FilterClientException.Failure.STOPPED, failure(f));

        FilterServer plain = new FilterServer(runtime, TEST_INDEX, TEST,
                ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS), UnaryOperator.identity());
        servers.add(plain);
        FilterClient other = new FilterClient(hashes(TEST), SpentScriptSource.NONE, events::add);
        assertEquals(FilterClientException.Failure.NO_FILTER_PEERS,
                failure(other.scan(List.of(plain.client), new FilterScanRequest(0, 10, Set.of()))));
        assertEquals(0, plain.requests.size());
        assertThrows(IllegalArgumentException.class, () -> other.scan(List.of(), new FilterScanRequest(0, 5_000, Set.of())));
    }

    @Test
    void evidenceChecksAreSansIo() {
        Block b = TEST.get(5);
        assertEquals(Optional.empty(), FilterDispute.blockProblem(b, b.hash()));
        Block shuffled = new Block(b.header(), List.of(b.transactions().get(0), b.transactions().get(2), b.transactions().get(1)));
        assertTrue(FilterDispute.blockProblem(shuffled, b.hash()).orElseThrow().contains("merkle root"));
    }

    @Test
    void checkpointsThatDisagreeBelowTheRangeMakeTheScanStartFromGenesisAndConvictAtTheFirstDifference() throws Exception {
        FilterIndex forged = TestChain.forgedIndex(TEST, 500, TestChain.changeScript(500));
        FilterServer liar = serve(forged, TEST, UnaryOperator.identity());
        FilterServer a = honest(TEST_INDEX, TEST);
        FilterScan result = scan(TEST, SpentScriptSource.NONE, List.of(a, liar),
                new FilterScanRequest(1_500, 1_600, Set.of()));
        assertEquals(List.of(liar.client), dropped());
        assertTrue(liar.client.disconnected().get(5, TimeUnit.SECONDS).toString().contains(TestChain.changeScript(500).hex()));
        assertEquals(0, a.requests.stream().filter(m -> m instanceof GetCFHeadersMessage)
                .map(m -> ((GetCFHeadersMessage) m).startHeight()).findFirst().orElseThrow(),
                "no agreed checkpoint below 1,500: headers from genesis");
        assertEquals(101, result.filtersVerified());
    }

    @Test
    void aCfcheckptWithTheWrongNumberOfHeadersIsDropped() throws Exception {
        FilterServer liar = serve(TEST_INDEX, TEST, m -> m instanceof CFCheckptMessage c
                ? new CFCheckptMessage(c.filterType(), c.stopHash(), List.of()) : m);
        FilterServer a = honest(TEST_INDEX, TEST);
        FilterScan result = scan(TEST, SpentScriptSource.NONE, List.of(liar, a), new FilterScanRequest(1_990, 2_010, Set.of()));
        assertEquals(List.of(liar.client), dropped());
        assertTrue(liar.client.disconnected().get(5, TimeUnit.SECONDS).toString().contains("has 0 headers, not 2"));
        assertEquals(21, result.filtersVerified());
    }

    @Test
    void whenEveryPeerIsGoneTheScanFailsNoPeerLeft() throws Exception {
        FilterServer liar = serve(TEST_INDEX, TEST, m -> m instanceof CFCheckptMessage c
                ? new CFCheckptMessage(c.filterType(), c.stopHash(), List.of()) : m);
        FilterClient client = new FilterClient(hashes(TEST), SpentScriptSource.NONE, events::add);
        assertEquals(FilterClientException.Failure.NO_PEER_LEFT,
                failure(client.scan(List.of(liar.client), new FilterScanRequest(0, 1_500, Set.of()))));
    }
}
