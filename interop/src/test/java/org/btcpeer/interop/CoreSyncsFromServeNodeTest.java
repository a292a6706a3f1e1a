package org.btcpeer.interop;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.wire.Hash256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Core syncing a whole chain from our {@code examples} {@link ServeNode} ({@code addnode ... onetry}),
 * over v1 and over v2: Core validates every generated block fully (BIP-34 height, timestamps,
 * coinbase value, merkle root, proof of work) and ends on the same tip, headers-first through the
 * node module's {@code ChainServer} (Core v30 sends getheaders and getdata, never getblocks). Each case uses a fresh
 * Core node, since a node that synced once already has the chain.
 */
class CoreSyncsFromServeNodeTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    /** Long enough to cross a BIP-34 push-size boundary (height 128 needs two bytes) and spend-depth 100. */
    private static final int BLOCKS = 150;
    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(7).generate(BLOCKS);

    private ServeNode serve;

    @AfterEach
    void close() {
        if (serve != null) {
            serve.close();
        }
    }

    private void coreSyncs(TransportOption ours, boolean coreAsksV2, TransportVersion expected) throws IOException {
        CoreNode node = core.start("sync-" + expected.name().toLowerCase(java.util.Locale.ROOT));
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        serve = ServeNode.start(CHAIN, "127.0.0.1", 0, ours, PeerRuntime.create(), events::add);
        node.rpc("addnode", "127.0.0.1:" + serve.port(), "onetry", coreAsksV2);
        Hash256 tip = CHAIN.tip().hash();
        Await.until("Core's tip to reach our " + BLOCKS + "-block chain", Duration.ofSeconds(60),
                () -> node.rpc("getbestblockhash").asText().equals(tip.toString()));
        assertEquals(BLOCKS, node.rpc("getblockcount").asInt());
        JsonNode info = CorePeerInfo.awaitHandshaken(node, serve.port());
        assertEquals(expected == TransportVersion.V2 ? "v2" : "v1", info.path("transport_protocol_type").asText());
        assertEquals(ServeNode.SERVICES.bits(), Long.parseUnsignedLong(info.path("services").asText(), 16)
                & ServeNode.SERVICES.bits(), "NODE_NETWORK | NODE_WITNESS, which Core wants from full outbound peers");
        assertEquals(expected, serve.peers().get(0).stats().transport());
        // headers-first: Core v30 asks with getheaders and fetches with getdata; it never sends getblocks
        // (the getblocks continuation is tested against bitcoinj, examples' BitcoinjSyncsFromServeNodeTest)
        assertTrue(events.stream().anyMatch(l -> l.contains(" getheaders -> ")), String.join("\n", events));
        assertTrue(events.stream().anyMatch(l -> l.contains(" getdata -> ")), String.join("\n", events));
        assertTrue(events.stream().noneMatch(l -> l.contains("getblocks")), String.join("\n", events));
    }

    @Test
    void coreSyncsOverV1() throws IOException {
        coreSyncs(TransportOption.V1, false, TransportVersion.V1);
    }

    @Test
    void coreSyncsOverV2() throws IOException {
        coreSyncs(TransportOption.V2_PREFERRED, true, TransportVersion.V2);
    }
}
