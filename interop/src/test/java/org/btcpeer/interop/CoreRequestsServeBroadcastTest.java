package org.btcpeer.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.node.relay.Broadcast;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.chain.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The node module's {@code Relay} behind {@link ServeNode}: Core syncs our chain, then we broadcast
 * a transaction spending a mature coinbase of it; Core (an inbound peer to us: our shared inbound
 * trickle timer) receives the inv, asks with getdata, and {@code ChainServer} serves it from the
 * relay's recently-announced map, which completes {@link Broadcast#requestedBy}.
 */
class CoreRequestsServeBroadcastTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(11).generate(110);

    private ServeNode serve;

    @AfterEach
    void close() {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void coreAsksForTheTransactionWeBroadcastAndGetsIt() throws Exception {
        // the generated chain is old: without a large -maxtipage Core stays in IBD and ignores tx announcements
        CoreNode node = core.start("relay-serve", "-acceptnonstdtxn=1", "-maxtipage=2000000000");
        List<String> events = new CopyOnWriteArrayList<>();
        serve = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), events::add);
        node.rpc("addnode", "127.0.0.1:" + serve.port(), "onetry", false);
        Await.until("Core's tip to reach our chain", Duration.ofSeconds(60),
                () -> node.rpc("getbestblockhash").asText().equals(CHAIN.tip().hash().toString()));
        Await.until("Core to leave initial block download", Duration.ofSeconds(30),
                () -> !node.rpc("getblockchaininfo").path("initialblockdownload").asBoolean());

        Transaction tx = RegtestChainGenerator.spendCoinbase(CHAIN.block(1), 5_000);
        Broadcast b = serve.broadcast(tx, -1);
        assertEquals(1, b.announcedTo(), String.join("\n", events));
        assertEquals(1, b.requestedBy(1).get(60, TimeUnit.SECONDS), "Core sent getdata for it");
        Await.until("Core to receive the tx message", Duration.ofSeconds(30), () -> txBytesFrom(node) > 0);
        // Core's per-message byte count shows our tx message arrived: only ChainServer's getdata answer
        // sends one (the serve node's own event lines are rate-limited per peer, so not asserted on)
    }

    private long txBytesFrom(CoreNode node) {
        for (JsonNode p : node.rpc("getpeerinfo")) {
            if (p.path("addr").asText().endsWith(":" + serve.port())) {
                return p.path("bytesrecv_per_msg").path("tx").asLong();
            }
        }
        return 0;
    }
}
