package org.btcpeer.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.btcpeer.peer.inbound.BanList;
import org.btcpeer.peer.inbound.Discouragement;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PeerAcceptor}'s defences recorded with JFR's RecordingStream on real loopback sockets: a
 * discouraged misbehaving peer, a banned address refused, a pending handshake evicted.
 */
@Timeout(60)
class InboundFlightEventsTest {

    private static PeerConfig config() {
        return PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY)
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS)).build();
    }

    @Test
    void discouragementBanRefusalAndEvictionAreRecorded() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        LinkedBlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
        BanList bans = BanList.inMemory(InstantSource.system());
        bans.ban("127.9.0.0/16", Duration.ofHours(1));
        try (RecordingStream rs = new RecordingStream();
             PeerAcceptor acceptor = PeerAcceptor.start(FromSourceAddress.LOOPBACK, config(), PeerRuntime.create(),
                     new InboundLimits(8, 1, 1000, 1000), FromSourceAddress.BY_SLASH_16,
                     new Discouragement(true, new SplittableRandom(1)), bans, accepted::add)) {
            rs.enable(PeerEvictedEvent.class);
            rs.enable(PeerDiscouragedEvent.class);
            rs.enable(ConnectionRefusedEvent.class);
            rs.onEvent(events::add);
            rs.startAsync();
            InetSocketAddress server = acceptor.localAddress();

            // A peer that misbehaves is discouraged.
            Peer client = FromSourceAddress.peer("127.5.0.1", server, config(), PeerRuntime.create());
            client.handshake().get(10, TimeUnit.SECONDS);
            Peer serverSide = accepted.poll(10, TimeUnit.SECONDS);
            acceptor.reportMisbehaving(serverSide, "headers do not connect");
            PeerTest.awaitUntil(() -> acceptor.discouragedCount() == 1 && acceptor.peers().isEmpty()
                    && acceptor.handshakesInProgress() == 0);

            // A banned address is refused at accept.
            try (Socket banned = FromSourceAddress.socket("127.9.0.1", server)) {
                PeerTest.awaitUntil(() -> acceptor.bannedCount() == 1);
            }

            // With one concurrent handshake allowed, a second idle connection evicts the first.
            try (Socket first = FromSourceAddress.socket("127.6.0.1", server)) {
                PeerTest.awaitUntil(() -> acceptor.handshakesInProgress() == 1);
                try (Socket second = FromSourceAddress.socket("127.7.0.1", server)) {
                    PeerTest.awaitUntil(() -> acceptor.evictedCount() == 1);
                }
            }

            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(has(events, "org.btcpeer.PeerDiscouraged") && has(events, "org.btcpeer.ConnectionRefused")
                    && has(events, "org.btcpeer.PeerEvicted")) && System.nanoTime() < deadline) {
                rs.awaitTermination(Duration.ofMillis(100)); // the stream flushes about once a second
            }
        }
        RecordedEvent discouraged = only(events, "org.btcpeer.PeerDiscouraged");
        assertTrue(discouraged.getString("address").startsWith("127.5.0.1:"), discouraged.toString());
        assertEquals("misbehaving: headers do not connect", discouraged.getString("detail"));

        RecordedEvent refused = only(events, "org.btcpeer.ConnectionRefused");
        assertTrue(refused.getString("address").startsWith("127.9.0.1:"), refused.toString());
        assertTrue(refused.getBoolean("banned"));
        assertEquals("banned", refused.getString("reason"));

        RecordedEvent evicted = only(events, "org.btcpeer.PeerEvicted");
        assertTrue(evicted.getString("address").startsWith("127.6.0.1:"), evicted.toString());
        assertFalse(evicted.getBoolean("established"));
    }

    private static boolean has(List<RecordedEvent> events, String name) {
        return events.stream().anyMatch(e -> e.getEventType().getName().equals(name));
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> named = events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
        assertEquals(1, named.size(), events.toString());
        return named.get(0);
    }
}
