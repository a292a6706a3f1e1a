package org.btcpeer.interop;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.btcpeer.examples.Main;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code btcpeer follow} against Bitcoin Core v30 (regtest): it syncs Core's headers, asks Core for
 * high-bandwidth compact blocks, receives the transactions Core relays, and rebuilds the block Core
 * mines with them from its pool without a round trip; then it stops at {@code --until-height}.
 */
class FollowCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void followRebuildsCoresNewBlockFromTheTransactionsCoreRelayed() throws Exception {
        CoreNode node = core.start("follow", "-acceptnonstdtxn=1", "-debug=cmpctblock", "-debug=net");
        CoreChain.mine(node, 104); // coinbases 1 to 4 mature; the recent tip ends initial block download
        int height = node.rpc("getblockcount").asInt();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread follow = Thread.ofPlatform().name("follow-core").start(() -> status.set(Main.run(new String[]{"follow",
                "--network", "regtest", "--json", "--until-height", Integer.toString(height + 1),
                "127.0.0.1:" + node.p2pAddress().getPort()}, new PrintWriter(out, true), new PrintWriter(err, true),
                PeerRuntime.create())));
        try {
            Await.until("follow synced Core's headers", () -> event(out, "synced").isPresent());
            assertEquals(height, event(out, "synced").orElseThrow().path("height").asInt());
            Await.until("Core has us as high-bandwidth 'from' peer (our sendcmpct(1, 2))",
                    () -> ourPeerInfo(node).path("bip152_hb_from").asBoolean());

            CoreChain.Coin coin = CoreChain.coinbase(node, 1);
            Transaction funding = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
            CoreChain.submit(node, funding);
            Transaction spend = AnyoneCanSpend.p2wshToP2wsh(funding.txid(), 0, funding.outputs().get(0).value());
            CoreChain.submit(node, spend);
            Await.until("both transactions relayed to follow", () -> events(out, "tx").size() == 2);
            assertEquals(List.of(funding.txid().toString(), spend.txid().toString()).stream().sorted().toList(),
                    events(out, "tx").stream().map(t -> t.path("txid").asText()).sorted().toList());
            long mark = node.debugLogMark();
            Hash256 mined = CoreChain.mine(node, 1).get(0);

            follow.join(Await.DEFAULT.toMillis());
            assertFalse(follow.isAlive(), "follow stops at --until-height: " + out);
            assertEquals(0, status.get(), out + "\n" + err);
            JsonNode tip = event(out, "tip").orElseThrow(() -> new AssertionError("no tip line: " + out));
            assertEquals(mined.toString(), tip.path("hash").asText());
            assertEquals(height + 1, tip.path("height").asInt());
            assertEquals("reconstructed", tip.path("arrived").asText(), tip.toString());
            assertEquals(List.of(1, 2, 0), List.of(tip.path("prefilled").asInt(), tip.path("from_pool").asInt(),
                    tip.path("fetched").asInt()), "coinbase prefilled, both transactions from the pool, no round trip: " + tip);
            assertEquals(3, tip.path("transactions").asInt());
            List<String> lines = out.toString().lines().toList();
            JsonNode summary = MAPPER.readTree(lines.getLast());
            assertEquals("until-height", summary.path("stopped").asText(), lines.getLast());
            assertEquals(1, summary.path("reconstructed").asInt(), lines.getLast());
            String log = node.debugLogSince(mark);
            assertFalse(log.contains("invalid compact block"));
            // pushed in high-bandwidth mode (NewPoWValidBlock), not asked for after a headers announcement
            assertTrue(log.contains("NewPoWValidBlock sending header-and-ids " + mined + " to peer="), log);
        } finally {
            follow.interrupt();
            follow.join(10_000);
        }
    }

    /** The JSON event lines of a kind printed so far. */
    private static List<JsonNode> events(StringWriter out, String kind) {
        List<JsonNode> found = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            try {
                JsonNode n = MAPPER.readTree(line);
                if (kind.equals(n.path("event").asText())) {
                    found.add(n);
                }
            } catch (java.io.IOException partialLine) {
                // being written
            }
        }
        return found;
    }

    private static Optional<JsonNode> event(StringWriter out, String kind) {
        List<JsonNode> all = events(out, kind);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** Core's getpeerinfo entry of our (only) peer. */
    private static JsonNode ourPeerInfo(CoreNode node) {
        JsonNode peers = node.rpc("getpeerinfo");
        assertTrue(peers.size() == 1, peers.toString());
        return peers.get(0);
    }
}
