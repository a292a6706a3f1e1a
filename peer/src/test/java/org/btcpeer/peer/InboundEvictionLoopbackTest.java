package org.btcpeer.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.btcpeer.peer.connect.NetGroup;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Inbound eviction on real loopback sockets. Client sockets bind to 127.x.y.z source addresses and
 * the acceptor groups IPv4 by /16 (Core's grouping puts all of 127/8 in one "local" group), so
 * 127.1.0.1 (the attacker) and 127.2.0.1 (the honest peer) are different network groups.
 */
class InboundEvictionLoopbackTest {

    private static final InetSocketAddress LOOPBACK = FromSourceAddress.LOOPBACK;
    private static final NetGroup BY_SLASH_16 = FromSourceAddress.BY_SLASH_16;

    private final List<Closeable> toClose = new ArrayList<>();
    private final PeerRuntime serverRuntime = PeerRuntime.create();
    private final PeerRuntime clientRuntime = PeerRuntime.create();

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

    private static Socket rawFrom(String source, InetSocketAddress server) throws IOException {
        return FromSourceAddress.socket(source, server);
    }

    private Peer peerFrom(String source, InetSocketAddress server) throws Exception {
        Peer p = FromSourceAddress.peer(source, server, config(), clientRuntime);
        toClose.add(() -> p.disconnect("test over"));
        return p;
    }

    /** Opens idle connections from {@code source} about every 2 ms, keeping the newest {@code keep} open. */
    private AtomicBoolean flood(String source, InetSocketAddress server, int keep) {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread t = Thread.ofVirtual().start(() -> {
            Deque<Socket> open = new ArrayDeque<>();
            while (running.get()) {
                try {
                    // About 500 connections a second: far above the acceptor's rate limit, yet the
                    // source address's ephemeral ports (TIME_WAIT after each close) last the test.
                    Thread.sleep(2);
                    open.addLast(rawFrom(source, server));
                } catch (IOException e) {
                    continue; // the backlog may be full for a moment
                } catch (InterruptedException e) {
                    break;
                }
                while (open.size() > keep) {
                    closeQuietly(open.removeFirst());
                }
            }
            open.forEach(InboundEvictionLoopbackTest::closeQuietly);
        });
        toClose.add(() -> {
            running.set(false);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return running;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Test
    void anHonestPeerGetsInPastAFullHouseOfIdleFloodingHandshakesAndKeepsItsSlot() throws Exception {
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, new InboundLimits(8, 8, 100, 200),
                BY_SLASH_16, p -> { });
        toClose.add(acceptor);
        InetSocketAddress server = acceptor.localAddress();
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = rawFrom("127.1.0.1", server);
            idle.add(s);
            toClose.add(s);
        }
        PeerTest.awaitUntil(() -> acceptor.handshakesInProgress() == 8);
        flood("127.1.0.2", server, 64);
        PeerTest.awaitUntil(() -> acceptor.evictedCount() > 0);

        long start = System.nanoTime();
        Peer honest = peerFrom("127.2.0.1", server);
        honest.handshake().get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The issue asks for 1 s; the bound here is generous so a loaded machine cannot make it flaky.
        assertTrue(millis < 5_000, "admitted after " + millis + " ms");

        long evictedBefore = acceptor.evictedCount();
        PeerTest.awaitUntil(() -> acceptor.evictedCount() > evictedBefore + 20); // the flood goes on (a loaded machine is slower)
        assertTrue(honest.isConnected(), "the honest peer keeps its slot while the flood goes on");
        assertTrue(acceptor.peers().stream().anyMatch(p -> p.address().toString().startsWith("127.2.0.1")));
    }

    @Test
    void aFullHouseOfEstablishedPeersFromOneGroupEvictsItsOwnYoungestNotTheLoneHonestPeer() throws Exception {
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, new InboundLimits(24, 8, 1000, 1000),
                BY_SLASH_16, p -> { });
        toClose.add(acceptor);
        InetSocketAddress server = acceptor.localAddress();
        Peer honest = peerFrom("127.2.0.1", server);
        honest.handshake().get(10, TimeUnit.SECONDS);
        List<Peer> attackers = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            Peer a = peerFrom("127.1.0." + (1 + i), server);
            a.handshake().get(10, TimeUnit.SECONDS);
            attackers.add(a);
        }
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 24 && acceptor.handshakesInProgress() == 0);
        // Each further connection from the attacker's group is admitted by evicting one of its own group.
        for (int i = 0; i < 20; i++) {
            Peer a = peerFrom("127.1.1." + (1 + i), server);
            a.handshake().get(10, TimeUnit.SECONDS);
            attackers.add(a);
            long evicted = i + 1;
            PeerTest.awaitUntil(() -> acceptor.evictedCount() == evicted);
            PeerTest.awaitUntil(() -> acceptor.handshakesInProgress() == 0);
        }
        assertEquals(0, acceptor.refusedCount());
        assertTrue(honest.isConnected(), "the lone peer of its group is never the one evicted");
        PeerTest.awaitUntil(() -> attackers.stream().filter(p -> !p.isConnected()).count() == 20);
        assertEquals(24, acceptor.peers().size());
    }

    @Test
    void refusedSocketsSpendNoAdmissionToken() throws Exception {
        // A burst of 2 and almost no refill: the first peer spends one token; five refused sockets must not spend the other.
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, new InboundLimits(1, 8, 0.001, 2),
                BY_SLASH_16, p -> { });
        toClose.add(acceptor);
        InetSocketAddress server = acceptor.localAddress();
        Peer first = peerFrom("127.3.0.1", server);
        first.handshake().get(10, TimeUnit.SECONDS);
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 1 && acceptor.handshakesInProgress() == 0);
        for (int i = 0; i < 5; i++) {
            try (Socket s = rawFrom("127.3.0.2", server)) {
                s.setSoTimeout(5_000);
                assertEquals(-1, s.getInputStream().read(), "inbound is full and its one peer is protected");
            }
        }
        assertEquals(5, acceptor.refusedCount());
        first.disconnect("make room");
        PeerTest.awaitUntil(() -> acceptor.peers().isEmpty() && acceptor.handshakesInProgress() == 0);
        Peer second = peerFrom("127.3.0.3", server);
        second.handshake().get(10, TimeUnit.SECONDS);
        assertTrue(second.isConnected());
    }

    /**
     * A peer whose handshake listeners have been told it is connected is no longer an evictable
     * pending handshake: an application that opens another connection on that news must not
     * have it replace this peer (the flaky third connection of ConnectionManagerTest).
     */
    @Test
    void aPeerIsEstablishedForTheAcceptorBeforeItsHandshakeListenersRun() throws Exception {
        AtomicReference<PeerAcceptor> self = new AtomicReference<>();
        LinkedBlockingQueue<Integer> pendingSeen = new LinkedBlockingQueue<>();
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, new InboundLimits(1, 8, 100, 200),
                BY_SLASH_16, p -> p.handshake().thenRun(() -> pendingSeen.add(self.get().handshakesInProgress())));
        self.set(acceptor);
        toClose.add(acceptor);
        Peer first = peerFrom("127.2.0.1", acceptor.localAddress());
        first.handshake().get(10, TimeUnit.SECONDS);
        assertEquals(0, pendingSeen.poll(10, TimeUnit.SECONDS), "handshakes in progress when the listener ran");
    }
}
