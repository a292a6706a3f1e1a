package org.btcpeer.interop;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.Main;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.chain.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code btcpeer sync} from two Bitcoin Core nodes at once: Core A mines 250 blocks (one of them
 * with two witness transactions, so a witness commitment is checked against real witnesses), Core
 * B syncs them from A; our sync downloads from both and verifies every block.
 */
class CoreSyncCommandTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static final int HEIGHT = 250;

    @Test
    void syncFromTwoCoreNodesVerifiesEveryBlock() throws Exception {
        CoreNode a = core.start("sync-a", "-acceptnonstdtxn=1");
        CoreNode b = core.start("sync-b");
        CoreChain.mine(a, 101);
        CoreChain.Coin coin = CoreChain.coinbase(a, 1);
        Transaction toWitness = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        CoreChain.submit(a, toWitness);
        CoreChain.submit(a, AnyoneCanSpend.p2wshToP2wsh(toWitness.txid(), 0, toWitness.outputs().get(0).value()));
        CoreChain.mine(a, HEIGHT - 101);
        b.rpc("addnode", "127.0.0.1:" + a.p2pAddress().getPort(), "onetry");
        Await.until("Core B synced from Core A", () -> b.rpc("getblockcount").asInt() == HEIGHT);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new String[]{"sync", "--network", "regtest", "--json", "--to-height", Integer.toString(HEIGHT),
                "127.0.0.1:" + a.p2pAddress().getPort(), "127.0.0.1:" + b.p2pAddress().getPort()},
                new PrintWriter(out, true), new PrintWriter(err, true), PeerRuntime.create());
        assertEquals(0, status, out + "\n" + err);
        assertEquals(Integer.toString(HEIGHT), field(out, "verified"));
        assertEquals(a.rpc("getblockhash", HEIGHT).asText(), field(out, "tip_hash"));
        assertEquals("0", field(out, "bad_blocks"));
        assertEquals(Integer.toString(HEIGHT + 2), field(out, "transactions"), "a coinbase per block and the two witness txs");
        Matcher perPeer = Pattern.compile("\"blocks\":(\\d+)\\}").matcher(out.toString());
        int peersThatServed = 0;
        while (perPeer.find()) {
            peersThatServed += Integer.parseInt(perPeer.group(1)) > 0 ? 1 : 0;
        }
        assertEquals(2, peersThatServed, "both Core nodes served blocks: " + out);
    }

    private static String field(StringWriter out, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\"?([^\",}]+)").matcher(out.toString());
        assertTrue(m.find(), "no " + key + " in " + out);
        return m.group(1);
    }
}
