package org.btcpeer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.chain.client.BlockHashes;
import org.btcpeer.chain.client.FilterClient;
import org.btcpeer.chain.client.FilterClientEvent;
import org.btcpeer.chain.client.FilterScan;
import org.btcpeer.chain.client.FilterScanRequest;
import org.btcpeer.chain.client.SpentScriptSource;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our BIP-157 client ({@link FilterClient}) against Core ({@code -blockfilterindex=1
 * -peerblockfilters=1}): it fetches and cross-checks Core's checkpoints and filter headers, verifies
 * every filter, and downloads exactly the blocks that pay or spend a chosen script; then against
 * Core and our {@link ServeNode} together, serving the same chain, which must agree filter for
 * filter.
 */
class FilterClientCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private final List<Peer> peers = new ArrayList<>();
    private ServeNode serve;

    @AfterEach
    void close() {
        peers.forEach(p -> p.disconnect("test over"));
        if (serve != null) {
            serve.close();
        }
    }

    private Peer connect(InetSocketAddress address) {
        Peer p = OurPeers.connect(address, OurPeers.regtest().build(), PeerRuntime.create());
        peers.add(p);
        return p;
    }

    private static List<Hash256> coreHashes(CoreNode node, int tip) {
        List<Hash256> hashes = new ArrayList<>();
        for (int h = 0; h <= tip; h++) {
            hashes.add(Hash256.fromHex(node.rpc("getblockhash", h).asText()));
        }
        return hashes;
    }

    private static void awaitIndex(CoreNode node, int height) {
        Await.until("Core's basic filter index to reach height " + height, Duration.ofSeconds(30), () -> {
            JsonNode index = node.rpc("getindexinfo").path("basic block filter index");
            return index.path("synced").asBoolean() && index.path("best_block_height").asInt() == height;
        });
    }

    @Test
    void downloadsExactlyTheBlocksPayingOrSpendingTheScriptFromCore() throws Exception {
        CoreNode node = core.start("filter-client", "-blockfilterindex=1", "-peerblockfilters=1", "-acceptnonstdtxn=1");
        CoreChain.mine(node, 101);
        // 102 pays P2WSH(OP_TRUE); 106 spends that output and pays P2WSH(OP_TRUE) again
        CoreChain.Coin coin = CoreChain.coinbase(node, 1);
        Transaction pay = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        CoreChain.submit(node, pay);
        CoreChain.mine(node, 4);
        Transaction spend = AnyoneCanSpend.p2wshToP2wsh(pay.txid(), 0, pay.outputs().getFirst().value());
        CoreChain.submit(node, spend);
        CoreChain.mine(node, 4);
        int tip = 109;
        awaitIndex(node, tip);
        List<Hash256> hashes = coreHashes(node, tip);

        Map<Integer, Hash256> headers = new ConcurrentHashMap<>();
        FilterClient client = new FilterClient(BlockHashes.of(hashes), SpentScriptSource.NONE, e -> {
            if (e instanceof FilterClientEvent.FilterVerified f) {
                headers.put(f.height(), f.header());
            }
        });
        Peer a = connect(node.p2pAddress());
        Peer b = connect(node.p2pAddress());
        FilterScan scan = client.scan(List.of(a, b), new FilterScanRequest(0, tip, Set.of(AnyoneCanSpend.P2WSH_OP_TRUE)))
                .get(60, TimeUnit.SECONDS);

        assertEquals(List.of(102, 106), scan.matches().stream().map(FilterScan.MatchedBlock::height).toList());
        assertTrue(scan.matches().get(0).block().transactions().stream().anyMatch(t -> t.txid().equals(pay.txid())));
        assertTrue(scan.matches().get(1).block().transactions().stream().anyMatch(t -> t.txid().equals(spend.txid())));
        assertEquals(tip + 1, scan.filtersVerified());
        assertEquals(0, scan.droppedPeers());
        for (int h = 0; h <= tip; h++) {
            assertEquals(node.rpc("getblockfilter", hashes.get(h).toString()).path("header").asText(),
                    headers.get(h).toString(), "verified filter header at height " + h);
        }
        assertTrue(a.isConnected() && b.isConnected());
    }

    @Test
    void coreAndOurServeNodeServingTheSameChainAgreeFilterForFilter() throws IOException, Exception {
        int blocks = 150;
        MemoryChain chain = RegtestChainGenerator.withSeed(15).generateWithTransactions(blocks);
        CoreNode node = core.start("filter-client-serve", "-blockfilterindex=1", "-peerblockfilters=1");
        serve = ServeNode.start(chain, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), line -> { });
        node.rpc("addnode", "127.0.0.1:" + serve.port(), "onetry", false);
        Await.until("Core's tip to reach our " + blocks + "-block chain", Duration.ofSeconds(60),
                () -> node.rpc("getbestblockhash").asText().equals(chain.tip().hash().toString()));
        awaitIndex(node, blocks);

        List<Hash256> hashes = new ArrayList<>();
        for (int h = 0; h <= blocks; h++) {
            hashes.add(chain.block(h).hash());
        }
        List<FilterClientEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        FilterClient client = new FilterClient(BlockHashes.of(hashes), SpentScriptSource.NONE, events::add);
        Peer fromCore = connect(node.p2pAddress());
        Peer fromUs = connect(new InetSocketAddress("127.0.0.1", serve.port()));
        FilterScan scan = client.scan(List.of(fromCore, fromUs), new FilterScanRequest(0, blocks,
                Set.of(RegtestChainGenerator.heightScript(120), RegtestChainGenerator.witnessProgramScript(140))))
                .get(60, TimeUnit.SECONDS);

        assertEquals(List.of(120, 140), scan.matches().stream().map(FilterScan.MatchedBlock::height).toList());
        Block b120 = scan.matches().getFirst().block();
        assertEquals(chain.block(120).hash(), b120.hash());
        assertEquals(blocks + 1, scan.filtersVerified());
        assertEquals(List.of(), events.stream().filter(e -> e instanceof FilterClientEvent.PeerDropped).toList(),
                "Core and ServeNode agree on every filter header");
        assertTrue(events.stream().anyMatch(e -> e instanceof FilterClientEvent.HeadersVerified h && h.peers() == 2));
        assertTrue(fromCore.isConnected() && fromUs.isConnected());
    }
}
