package org.btcpeer.node.compact;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core's MaybeSetPeerAsAnnouncingHeaderAndIDs: at most 3, most recent block providers, the last outbound one kept. */
class HighBandwidthSelectorTest {

    final CompactPeers peers = new CompactPeers();
    final HighBandwidthSelector selector = new HighBandwidthSelector();

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    static SendCmpctMessage sendcmpct(ScriptedRemote remote) throws InterruptedException {
        return CompactPeers.next(remote, SendCmpctMessage.class);
    }

    @Test
    void theFourthProviderPushesOutTheOldestWhichIsToldLowBandwidth() throws Exception {
        CompactPeers.Pair a = peers.outbound(PeerListeners.NONE);
        CompactPeers.Pair b = peers.outbound(PeerListeners.NONE);
        CompactPeers.Pair c = peers.outbound(PeerListeners.NONE);
        CompactPeers.Pair d = peers.outbound(PeerListeners.NONE);
        for (CompactPeers.Pair p : List.of(a, b, c)) {
            assertTrue(selector.blockProvidedBy(p.peer()));
            assertEquals(new SendCmpctMessage(true, 2), sendcmpct(p.remote()));
        }
        assertFalse(selector.blockProvidedBy(a.peer()), "already high-bandwidth: no message, now the newest");
        assertEquals(List.of(b.peer(), c.peer(), a.peer()), selector.highBandwidthPeers());
        assertTrue(selector.blockProvidedBy(d.peer()));
        assertEquals(new SendCmpctMessage(true, 2), sendcmpct(d.remote()));
        assertEquals(new SendCmpctMessage(false, 2), sendcmpct(b.remote()), "the oldest provider steps down");
        assertEquals(List.of(c.peer(), a.peer(), d.peer()), selector.highBandwidthPeers());
        assertTrue(CompactPeers.sync(a.remote(), 8).stream().noneMatch(m -> m instanceof SendCmpctMessage));
    }

    @Test
    void anInboundProviderNeverPushesOutTheLastOutboundOne() throws Exception {
        CompactPeers.Pair out = peers.outbound(PeerListeners.NONE);
        CompactPeers.Pair in1 = peers.inbound(PeerListeners.NONE);
        CompactPeers.Pair in2 = peers.inbound(PeerListeners.NONE);
        CompactPeers.Pair in3 = peers.inbound(PeerListeners.NONE);
        selector.blockProvidedBy(out.peer());
        selector.blockProvidedBy(in1.peer());
        selector.blockProvidedBy(in2.peer());
        selector.blockProvidedBy(in3.peer());
        assertEquals(List.of(out.peer(), in2.peer(), in3.peer()), selector.highBandwidthPeers());
        sendcmpct(in1.remote()); // its selection
        assertEquals(new SendCmpctMessage(false, 2), sendcmpct(in1.remote()), "the inbound one stepped down instead");
    }

    @Test
    void aPeerWithoutCompactBlocksIsNotChosenAndADisconnectedOneLeaves() throws Exception {
        CompactPeers.Pair p = peers.outbound(PeerListeners.NONE);
        selector.blockProvidedBy(p.peer());
        p.peer().disconnect("test");
        p.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), selector.highBandwidthPeers());
        assertFalse(selector.blockProvidedBy(p.peer()));
    }
}
