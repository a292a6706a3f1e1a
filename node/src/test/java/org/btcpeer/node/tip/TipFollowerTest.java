package org.btcpeer.node.tip;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.sync.HeaderSyncEvent;
import org.btcpeer.node.InMemoryPeers;
import org.btcpeer.node.InMemoryPeers.Connected;
import org.btcpeer.node.TestChain;
import org.btcpeer.node.compact.CompactBlockReport;
import org.btcpeer.node.compact.FallbackReason;
import org.btcpeer.node.compact.HighBandwidthSelector;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.btcpeer.node.InMemoryPeers.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TipFollower}: direct fetch of a new tip, compact block reports acted on, then handed on. */
class TipFollowerTest {

    private static final TestChain CHAIN = TestChain.regtest(5);
    private static final SendCmpctMessage LOW_BANDWIDTH = new SendCmpctMessage(false, SendCmpctMessage.CMPCTBLOCKS_VERSION);

    private final InMemoryPeers peers = new InMemoryPeers();
    private final ActiveChain active = ActiveChain.inMemory(ConsensusParams.of(NetworkParameters.REGTEST));
    private final HighBandwidthSelector selector = new HighBandwidthSelector();
    private final List<CompactBlockReport> handedOn = new CopyOnWriteArrayList<>();
    private final TipFollower follower = new TipFollower(active, selector, (peer, report) -> handedOn.add(report));

    TipFollowerTest() {
        active.connect(CHAIN.at(1));
        active.connect(CHAIN.at(2));
    }

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    private Connected peer(Message... afterVerack) throws Exception {
        PeerConfig config = InMemoryPeers.config().pingInterval(Duration.ofDays(1)).build();
        return peers.connect(config, ScriptedRemote.version(70016, 5,
                ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS), true), afterVerack);
    }

    private static GetDataMessage compactRequest(int height) {
        return new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, CHAIN.hash(height))));
    }

    @Test
    void wantsOnlyBlocksThatExtendTheTip() {
        assertTrue(follower.wanted(CHAIN.at(3).header()));
        assertFalse(follower.wanted(CHAIN.at(2).header()));
        assertFalse(follower.wanted(CHAIN.at(4).header()));
    }

    @Test
    void asksTheAnnouncerForANewTipAsACompactBlock() throws Exception {
        Connected c = peer(LOW_BANDWIDTH);
        assertFalse(follower.newHeader(c.peer(), CHAIN.at(4).header()), "a gap: not fetched here");
        assertEquals(List.of(), only(peers.sync(c), GetDataMessage.class));
        assertTrue(follower.newHeader(c.peer(), CHAIN.at(3).header()));
        assertEquals(List.of(compactRequest(3)), only(peers.sync(c), GetDataMessage.class));
    }

    @Test
    void headerSyncNewTipEventsFindTheirPeer() throws Exception {
        Connected c = peer(LOW_BANDWIDTH);
        var events = follower.headerSyncEvents(RelayPeers.ofPeers(() -> List.of(c.peer())));
        ChainHeader tip = new ChainHeader(CHAIN.at(3).header(), CHAIN.hash(3), 3, BigInteger.TEN);
        events.accept(new HeaderSyncEvent.NewTip(tip, c.peer().id() + 1));   // unknown peer
        assertEquals(List.of(), only(peers.sync(c), GetDataMessage.class));
        events.accept(new HeaderSyncEvent.NewTip(tip, c.peer().id()));
        assertEquals(List.of(compactRequest(3)), only(peers.sync(c), GetDataMessage.class));
    }

    @Test
    void aPeerWithoutCompactBlocksIsAskedForTheFullBlockWhichIsCheckedAndConnected() throws Exception {
        Connected c = peer();
        assertTrue(follower.newHeader(c.peer(), CHAIN.at(3).header()));
        GetDataMessage asked = InMemoryPeers.expect(c.remote(), GetDataMessage.class);
        assertEquals(CHAIN.hash(3), asked.items().getFirst().hash());
        assertTrue((asked.items().getFirst().type() & ~InventoryVector.MSG_WITNESS_FLAG) == InventoryVector.MSG_BLOCK);
        c.remote().send(new BlockMessage(CHAIN.at(3)));
        peers.sync(c);   // the request's future completed on the reader thread, before the pong
        assertEquals(3, active.height());
    }

    @Test
    void aReconstructedBlockIsConnectedAndItsSenderAskedForHighBandwidth() throws Exception {
        Connected c = peer(LOW_BANDWIDTH);
        CompactBlockReport r = new CompactBlockReport.Reconstructed(CHAIN.at(3), 1, 0, 0);
        follower.onReport(c.peer(), r);
        assertEquals(3, active.height());
        assertEquals(List.of(c.peer()), selector.highBandwidthPeers());
        assertEquals(List.of(new SendCmpctMessage(true, SendCmpctMessage.CMPCTBLOCKS_VERSION)),
                only(peers.sync(c), SendCmpctMessage.class));
        assertEquals(List.of(r), handedOn);
        follower.onReport(c.peer(), new CompactBlockReport.Reconstructed(CHAIN.at(3), 1, 0, 0));   // again: nothing
        assertEquals(3, active.height());
        assertEquals(List.of(), only(peers.sync(c), SendCmpctMessage.class));
    }

    @Test
    void aDownloadedBlockThatDoesNotMatchItsHeaderDisconnectsItsSender() throws Exception {
        Connected c = peer(LOW_BANDWIDTH);
        Block good = CHAIN.at(3);
        Block mutated = new Block(good.header(), List.of(good.transactions().getFirst(), good.transactions().getFirst()));
        follower.onReport(c.peer(), new CompactBlockReport.Downloaded(mutated, FallbackReason.TIMEOUT));
        c.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(2, active.height());
        assertEquals(List.of(), selector.highBandwidthPeers());
        assertEquals(1, handedOn.size());

        Connected d = peer(LOW_BANDWIDTH);
        follower.onReport(d.peer(), new CompactBlockReport.Downloaded(good, FallbackReason.TIMEOUT));
        assertEquals(3, active.height());
        assertTrue(d.peer().isConnected());
    }
}
