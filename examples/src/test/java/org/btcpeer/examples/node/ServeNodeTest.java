package org.btcpeer.examples.node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.LocalNode;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetAddrMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serving node's answers, seen by a raw outbound peer over a loopback socket. */
@Timeout(20)
class ServeNodeTest {

    private LocalNode node;
    private Peer peer;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() throws Exception {
        node = LocalNode.start(2_100);
        PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST)
                .listeners(PeerListeners.builder().onAny((p, m) -> received.add(m)).build()).build();
        peer = Peer.outbound(Connections.dial(node.address(), NetworkParameters.REGTEST, TransportOption.V1,
                Optional.empty(), Duration.ofSeconds(5)), config, PeerRuntime.create());
        peer.handshake().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        peer.disconnect("test over");
        node.close();
    }

    private <T extends Message> T next(Class<T> type) throws InterruptedException {
        while (true) {
            Message m = received.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within 5 s");
            }
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    @Test
    void advertisesItsTipAndServicesAndAnnouncesTheTip() throws Exception {
        assertEquals(2_100, peer.remoteVersion().orElseThrow().startHeight());
        assertTrue(peer.remoteVersion().orElseThrow().services().has(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS));
        InvMessage inv = next(InvMessage.class);
        assertEquals(List.of(InventoryVector.block(node.chain().tip().hash())), inv.items());
    }

    @Test
    void advertisesNodeP2pV2ExactlyWhenItOffersV2() throws Exception {
        assertTrue(!peer.remoteVersion().orElseThrow().services().has(ServiceFlags.NODE_P2P_V2), "serve --transport v1");
        try (ServeNode v2 = ServeNode.start(node.chain(), "127.0.0.1", 0, TransportOption.V2_PREFERRED, PeerRuntime.create())) {
            Peer viaV1 = Peer.outbound(Connections.dial(new org.btcpeer.examples.HostPort("127.0.0.1", v2.port()), NetworkParameters.REGTEST, TransportOption.V1,
                    Optional.empty(), Duration.ofSeconds(5)), PeerConfig.builder().network(NetworkParameters.REGTEST).build(),
                    PeerRuntime.create());
            viaV1.handshake().get(5, TimeUnit.SECONDS);
            assertTrue(viaV1.remoteVersion().orElseThrow().services().has(ServiceFlags.NODE_P2P_V2),
                    "v2 offered: NODE_P2P_V2, whatever this connection speaks (Core's local services)");
            viaV1.disconnect("test over");
        }
    }

    @Test
    void answersGetHeadersFromTheLocatorInBatchesOf2000() throws Exception {
        peer.send(new GetHeadersMessage(70016, List.of(node.chain().block(0).hash()), Hash256.ZERO));
        HeadersMessage first = next(HeadersMessage.class);
        assertEquals(2000, first.headers().size());
        assertEquals(node.chain().block(1).header(), first.headers().get(0));
        peer.send(new GetHeadersMessage(70016, List.of(node.chain().block(2000).hash()), Hash256.ZERO));
        assertEquals(100, next(HeadersMessage.class).headers().size());
    }

    @Test
    void servesBlocksInBothFormsAndNamesUnknownOnesInNotfound() throws Exception {
        Hash256 unknown = Hash256.fromHex("ab".repeat(32));
        peer.send(new GetDataMessage(List.of(
                InventoryVector.block(node.chain().block(5).hash()),
                new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, node.chain().block(6).hash()),
                InventoryVector.block(unknown),
                InventoryVector.tx(node.chain().block(7).transactions().get(0).txid()))));
        assertEquals(node.chain().block(5).hash(), next(BlockMessage.class).block().hash());
        assertEquals(node.chain().block(6).hash(), next(BlockMessage.class).block().hash());
        NotFoundMessage nf = next(NotFoundMessage.class);
        assertEquals(2, nf.items().size());
        assertEquals(unknown, nf.items().get(0).hash());
    }

    @Test
    void answersGetAddrWithItsOwnLoopbackAddress() throws Exception {
        peer.send(GetAddrMessage.INSTANCE);
        Message m = received.poll(5, TimeUnit.SECONDS);
        while (!(m instanceof AddrMessage || m instanceof AddrV2Message)) {
            m = received.poll(5, TimeUnit.SECONDS);
            assertTrue(m != null, "no addr");
        }
        List<org.btcpeer.wire.AddressRecord> addrs = m instanceof AddrV2Message a2 ? a2.addresses() : ((AddrMessage) m).addresses();
        assertEquals(1, addrs.size());
        assertEquals(node.address().port(), addrs.get(0).address().port());
        assertEquals("127.0.0.1", addrs.get(0).address().host());
    }

    @Test
    void recordsAnnouncedInventoryAndLogsOneLinePerEvent() throws Exception {
        Hash256 wtxid = Hash256.fromHex("cd".repeat(32));
        peer.send(new InvMessage(List.of(InventoryVector.wtx(wtxid))));
        assertTrue(node.node().awaitInventory(1, Duration.ofSeconds(5)));
        assertEquals(wtxid, node.node().receivedInventory().get(0).hash());
        assertTrue(node.events().stream().anyMatch(l -> l.contains("connected (v1)")), node.events().toString());
        assertTrue(node.events().stream().anyMatch(l -> l.contains("handshake done")), node.events().toString());
        assertTrue(node.events().stream().anyMatch(l -> l.contains("inv 1 (MSG_WTX 1)")), node.events().toString());
    }

    @Test
    void answersPings() throws Exception {
        peer.send(new org.btcpeer.wire.message.PingMessage(77));
        org.btcpeer.wire.message.PongMessage pong;
        do {
            pong = next(org.btcpeer.wire.message.PongMessage.class);
        } while (pong.nonce() != 77);
        assertInstanceOf(org.btcpeer.wire.message.PongMessage.class, pong);
    }
}
