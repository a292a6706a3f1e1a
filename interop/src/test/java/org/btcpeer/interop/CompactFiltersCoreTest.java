package org.btcpeer.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.CompactFilters;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BIP-157 from Core ({@code -blockfilterindex=1 -peerblockfilters=1}): getcfilters, getcfheaders
 * and getcfcheckpt are answered, and the filters and filter headers equal Core's
 * {@code getblockfilter HASH}.
 */
class CompactFiltersCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static final int HEIGHT = 20;

    private static CoreNode node;
    private static final List<Hash256> hashes = new ArrayList<>();
    private static Peer peer;
    private static final Received received = new Received();

    @BeforeAll
    static void startNode() {
        node = core.start("filters", "-blockfilterindex=1", "-peerblockfilters=1");
        CoreChain.mine(node, HEIGHT);
        for (int h = 0; h <= HEIGHT; h++) {
            hashes.add(Hash256.fromHex(node.rpc("getblockhash", h).asText()));
        }
        Await.until("Core's basic filter index to reach height " + HEIGHT, Duration.ofSeconds(30), () -> {
            JsonNode index = node.rpc("getindexinfo").path("basic block filter index");
            return index.path("synced").asBoolean() && index.path("best_block_height").asInt() == HEIGHT;
        });
        peer = OurPeers.connect(node.p2pAddress(), OurPeers.regtest()
                .listeners(received.register(PeerListeners.builder()).build()).build(), PeerRuntime.create());
    }

    @AfterAll
    static void disconnect() {
        if (peer != null) {
            peer.disconnect("test over");
        }
    }

    private static JsonNode coreFilter(int height) {
        return node.rpc("getblockfilter", hashes.get(height).toString());
    }

    @Test
    void coreAdvertisesCompactFilters() {
        assertTrue(peer.remoteVersion().orElseThrow().services().has(ServiceFlags.NODE_COMPACT_FILTERS));
    }

    @Test
    void filtersEqualGetblockfilter() {
        peer.send(new GetCFiltersMessage(CompactFilters.BASIC, 1, hashes.get(HEIGHT)));
        Await.until(HEIGHT + " cfilter messages", () -> received.all(CFilterMessage.class).size() >= HEIGHT);
        List<CFilterMessage> filters = received.all(CFilterMessage.class);
        assertEquals(HEIGHT, filters.size());
        for (int h = 1; h <= HEIGHT; h++) {
            CFilterMessage f = filters.get(h - 1);
            assertEquals(CompactFilters.BASIC, f.filterType());
            assertEquals(hashes.get(h), f.blockHash(), "filters come in height order");
            assertEquals(coreFilter(h).path("filter").asText(), f.filter().hex(), "filter at height " + h);
        }
    }

    @Test
    void filterHeadersChainToGetblockfilterHeaders() {
        peer.send(new GetCFHeadersMessage(CompactFilters.BASIC, 1, hashes.get(HEIGHT)));
        CFHeadersMessage m = received.await(CFHeadersMessage.class);
        assertEquals(hashes.get(HEIGHT), m.stopHash());
        assertEquals(HEIGHT, m.filterHashes().size());
        Hash256 header = m.previousFilterHeader();
        assertEquals(Hash256.fromHex(coreFilter(0).path("header").asText()), header, "the genesis filter header");
        for (int h = 1; h <= HEIGHT; h++) {
            Hash256 filterHash = m.filterHashes().get(h - 1);
            JsonNode expected = coreFilter(h);
            assertEquals(Hash256.doubleSha256(ByteString.fromHex(expected.path("filter").asText())), filterHash,
                    "filter hash at height " + h);
            header = nextHeader(filterHash, header);
            assertEquals(Hash256.fromHex(expected.path("header").asText()), header, "filter header at height " + h);
        }
    }

    @Test
    void checkpointsAnsweredEmptyBelowTheInterval() {
        peer.send(new GetCFCheckptMessage(CompactFilters.BASIC, hashes.get(HEIGHT)));
        CFCheckptMessage m = received.await(CFCheckptMessage.class);
        assertEquals(hashes.get(HEIGHT), m.stopHash());
        assertEquals(List.of(), m.filterHeaders(), "no checkpoint below height " + CompactFilters.CHECKPOINT_INTERVAL);
    }

    /** BIP-157: header = double-SHA256(filter hash || previous header), both in internal byte order. */
    private static Hash256 nextHeader(Hash256 filterHash, Hash256 previous) {
        byte[] both = new byte[2 * Hash256.LENGTH];
        filterHash.copyTo(both, 0);
        previous.copyTo(both, Hash256.LENGTH);
        return Hash256.doubleSha256(ByteString.wrap(both));
    }
}
