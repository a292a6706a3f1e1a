package org.btcpeer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.chain.sync.HeaderSyncEvent;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.Hash256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The library's {@link HeaderSync} against two real Bitcoin Core nodes on regtest: node A holds
 * the first 1,000 blocks, node B the same and 1,100 more. We sync from A, A stops, B joins and the
 * sync carries on to B's tip (a 2,000-header batch and the rest); then B mines a block and
 * announces it (we sent sendheaders), which arrives as a new tip.
 */
class CoreHeaderSyncTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    @Test
    void syncsFromTwoCoreNodesWhenOneStopsMidway() throws Exception {
        CoreNode a = core.start("hsync-a");
        CoreNode b = core.start("hsync-b");
        CoreChain.mine(a, 1_000);
        b.rpc("addnode", "127.0.0.1:" + a.p2pAddress().getPort(), "onetry");
        Await.until("B has A's 1,000 blocks", Duration.ofSeconds(60), () -> b.rpc("getblockcount").asInt() == 1_000);
        b.rpc("disconnectnode", "127.0.0.1:" + a.p2pAddress().getPort());
        Await.until("A and B apart", () -> b.rpc("getconnectioncount").asInt() == 0);
        List<Hash256> more = CoreChain.mine(b, 1_100);

        HeaderChain chain = HeaderChain.builder(ConsensusParams.REGTEST).expectedHeaders(3_000).build();
        List<HeaderSyncEvent> events = new CopyOnWriteArrayList<>();
        PeerRuntime runtime = PeerRuntime.create();
        try (HeaderSync sync = HeaderSync.builder(chain).time(runtime.time()).events(events::add).start()) {
            Peer fromA = OurPeers.connect(a.p2pAddress(), OurPeers.regtest().listeners(sync.listeners()).build(), runtime);
            sync.addPeer(fromA);
            ChainHeader first = sync.synced().get(60, TimeUnit.SECONDS);
            assertEquals(1_000, first.height());
            assertEquals(Hash256.fromHex(a.rpc("getbestblockhash").asText()), first.hash());

            a.close(); // A stops: its peer goes away
            fromA.disconnected().get(30, TimeUnit.SECONDS);
            Peer fromB = OurPeers.connect(b.p2pAddress(), OurPeers.regtest().listeners(sync.listeners()).build(), runtime);
            sync.addPeer(fromB);
            Await.until("B's tip", Duration.ofSeconds(60), () -> chain.height() == 2_100);
            assertEquals(more.getLast(), chain.tip().hash());

            Hash256 mined = CoreChain.mine(b, 1).getFirst();
            Await.until("the announced block", Duration.ofSeconds(30), () -> chain.height() == 2_101);
            assertEquals(mined, chain.tip().hash());
            Await.until("a new tip event", () -> events.stream().anyMatch(e -> e instanceof HeaderSyncEvent.NewTip t
                    && t.tip().hash().equals(mined) && t.peerId() == fromB.id()));
            assertTrue(events.stream().noneMatch(HeaderSyncEvent.PeerMisbehaved.class::isInstance), events.toString());
            assertEquals(b.rpc("getblockheader", mined.toString()).get("chainwork").asText(),
                    String.format("%064x", chain.tip().chainWork()));
            fromB.disconnect("test over");
        }
    }
}
