package org.btcpeer.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.connect.NetGroup;
import org.btcpeer.peer.inbound.Discouragement;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discouragement on real loopback sockets, clients bound to 127.x.y.z source addresses. Loopback
 * peers are exempt in production (Core), so most cases use a {@link Discouragement} that
 * discourages loopback addresses too.
 */
class DiscouragementLoopbackTest {

    private static final InetSocketAddress LOOPBACK = FromSourceAddress.LOOPBACK;
    private static final NetGroup BY_SLASH_16 = FromSourceAddress.BY_SLASH_16;
    private static final InboundLimits THREE_SLOTS = new InboundLimits(3, 8, 1000, 1000);

    private final List<Closeable> toClose = new ArrayList<>();
    private final PeerRuntime serverRuntime = PeerRuntime.create();
    private final PeerRuntime clientRuntime = PeerRuntime.create();
    private final LinkedBlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() {
        for (Closeable c : toClose.reversed()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static PeerConfig config() {
        return PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY)
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS)).build();
    }

    private PeerAcceptor acceptor(Discouragement d) throws IOException {
        PeerAcceptor a = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, THREE_SLOTS, BY_SLASH_16, d,
                org.btcpeer.peer.inbound.BanList.inMemory(java.time.InstantSource.system()), accepted::add);
        toClose.add(a);
        return a;
    }

    private Peer peerFrom(String source, InetSocketAddress server) throws Exception {
        Peer p = FromSourceAddress.peer(source, server, config(), clientRuntime);
        toClose.add(() -> p.disconnect("test over"));
        return p;
    }

    /** Connects from {@code source} and waits for the version handshake. */
    private Peer handshakenFrom(String source, InetSocketAddress server) throws Exception {
        Peer p = peerFrom(source, server);
        p.handshake().get(10, TimeUnit.SECONDS);
        return p;
    }

    /** Connects from {@code source}, has the server report it misbehaving and waits until its slot is free. */
    private void misbehaveFrom(String source, PeerAcceptor acceptor) throws Exception {
        handshakenFrom(source, acceptor.localAddress());
        Peer serverSide = accepted.poll(10, TimeUnit.SECONDS);
        acceptor.reportMisbehaving(serverSide, "headers do not connect");
        PeerDisconnect d = serverSide.disconnected().get(10, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, d.reason());
        PeerTest.awaitUntil(() -> acceptor.peers().isEmpty() && acceptor.handshakesInProgress() == 0);
    }

    @Test
    void aDiscouragedAddressIsAdmittedWhileSlotsAreFreeAndRefusedWhenNearlyFull() throws Exception {
        PeerAcceptor acceptor = acceptor(new Discouragement(true, new SplittableRandom(1)));
        misbehaveFrom("127.5.0.1", acceptor);
        assertEquals(1, acceptor.discouragedCount());
        assertTrue(acceptor.discouragement().isDiscouraged(InetAddress.getByName("127.5.0.1")));
        assertFalse(acceptor.discouragement().isDiscouraged(InetAddress.getByName("127.5.0.2")));

        // 0 of 3 slots used: 0 + 1 < 3, admitted.
        assertTrue(handshakenFrom("127.5.0.1", acceptor.localAddress()).isConnected());
        handshakenFrom("127.6.0.1", acceptor.localAddress());
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 2 && acceptor.handshakesInProgress() == 0);

        // 2 of 3 used: 2 + 1 >= 3, the discouraged address is refused, nobody is evicted for it.
        long refusedBefore = acceptor.refusedCount();
        assertThrows(Exception.class, () -> handshakenFrom("127.5.0.1", acceptor.localAddress()));
        assertEquals(refusedBefore + 1, acceptor.refusedCount());
        assertEquals(0, acceptor.evictedCount());

        // An address that is not discouraged takes the last slot.
        assertTrue(handshakenFrom("127.7.0.1", acceptor.localAddress()).isConnected());
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 3);
    }

    @Test
    void aLoopbackPeerIsOnlyDisconnectedByDefault() throws Exception {
        PeerAcceptor acceptor = acceptor(new Discouragement(false, new SplittableRandom(1)));
        misbehaveFrom("127.5.0.1", acceptor);
        assertEquals(0, acceptor.discouragedCount());
        assertFalse(acceptor.discouragement().isDiscouraged(InetAddress.getByName("127.5.0.1")));

        handshakenFrom("127.6.0.1", acceptor.localAddress());
        handshakenFrom("127.7.0.1", acceptor.localAddress());
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 2 && acceptor.handshakesInProgress() == 0);
        assertTrue(handshakenFrom("127.5.0.1", acceptor.localAddress()).isConnected());
    }
}
