package org.btcpeer.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RawMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Core tolerates and advertises, which our peer mirrors: bytes after a known message's
 * fields are ignored (a future BIP may extend any message), unknown message types are ignored, and
 * a Core node running v2 advertises NODE_P2P_V2 in its version. Over v1 and v2 alike.
 */
class CoreToleranceTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static CoreNode node;
    private final PeerRuntime runtime = PeerRuntime.create();
    private final List<Peer> peers = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = core.start("tolerant");
    }

    @AfterEach
    void disconnect() {
        peers.forEach(p -> p.disconnect("test over"));
    }

    private Peer connect(TransportPolicy policy, Received received) {
        Peer p = OurPeers.connect(node.p2pAddress(), OurPeers.regtest().transportPolicy(policy)
                .listeners(received.register(PeerListeners.builder()).build()).build(), runtime);
        peers.add(p);
        return p;
    }

    private void pingWithTrailingBytes(TransportPolicy policy) {
        Received received = new Received();
        Peer peer = connect(policy, received);
        long nonce = 0x0123_4567_89ab_cdefL ^ policy.ordinal();
        // ping's payload is an 8-byte nonce (BIP-31); four more bytes follow it here.
        byte[] payload = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(nonce).putInt(0xdead_beef).array();
        peer.send(new RawMessage("ping", ByteString.wrap(payload)));
        received.await(PongMessage.class, p -> p.nonce() == nonce, Await.DEFAULT);
        assertEquals(1, CoreLog.count(core.logSinceTestStart(node), "received: ping (12 bytes)"));
        assertTrue(peer.isConnected());
        assertTrue(CorePeerInfo.byPort(node, OurPeers.localPort(peer)).isPresent(), "Core keeps us");
    }

    @Test
    void coreAnswersAPingWithTrailingBytesOverV1() {
        pingWithTrailingBytes(TransportPolicy.V1_ONLY);
    }

    @Test
    void coreAnswersAPingWithTrailingBytesOverV2() {
        pingWithTrailingBytes(TransportPolicy.V2_REQUIRED);
    }

    @Test
    void coreIgnoresAnUnknownMessageAndKeepsUs() {
        Received received = new Received();
        Peer peer = connect(TransportPolicy.V1_ONLY, received);
        peer.send(new RawMessage("btcpeerxyz", ByteString.ofAscii("future")));
        long nonce = 0x7e57_0001L;
        peer.send(new PingMessage(nonce));
        received.await(PongMessage.class, p -> p.nonce() == nonce, Await.DEFAULT);
        assertEquals(1, CoreLog.count(core.logSinceTestStart(node), "received: btcpeerxyz (6 bytes)"));
        assertTrue(CorePeerInfo.byPort(node, OurPeers.localPort(peer)).isPresent(), "Core keeps us");
    }

    @Test
    void coreRunningV2AdvertisesNodeP2pV2() {
        Peer peer = connect(TransportPolicy.V2_PREFERRED, new Received());
        assertTrue(peer.remoteVersion().orElseThrow().services().has(ServiceFlags.NODE_P2P_V2),
                "Core running -v2transport=1 advertises NODE_P2P_V2");
        assertTrue(peer.remoteVersion().orElseThrow().services().has(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS));
    }
}
