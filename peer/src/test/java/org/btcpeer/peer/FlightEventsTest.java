package org.btcpeer.peer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.PingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short session between two peers, recorded with JFR's RecordingStream: btcpeer's events with their fields. */
@Timeout(30)
class FlightEventsTest {

    @Test
    void aSessionIsRecorded() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(PeerConnectedEvent.class);
            rs.enable(PeerDisconnectedEvent.class);
            rs.enable(MessageReceivedEvent.class); // off by default: one event per message
            rs.onEvent(events::add);
            rs.startAsync();

            PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
            Peer out = Peer.outbound(pipes.a, PeerConfig.builder().network(NetworkParameters.REGTEST).build(), PeerRuntime.create());
            Peer in = Peer.inbound(pipes.b, PeerConfig.builder().network(NetworkParameters.REGTEST)
                    .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS)).build(), PeerRuntime.create());
            CompletableFuture.allOf(out.handshake(), in.handshake()).get(5, TimeUnit.SECONDS);
            out.send(new PingMessage(7)).get(5, TimeUnit.SECONDS);
            PeerTest.awaitUntil(() -> in.stats().receivedPerCommand().containsKey("ping"));
            out.disconnect("session over");
            in.disconnected().get(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (named(events, "org.btcpeer.PeerDisconnected").size() < 2 && System.nanoTime() < deadline) {
                rs.awaitTermination(java.time.Duration.ofMillis(100)); // the stream flushes about once a second
            }
        }
        List<RecordedEvent> connected = named(events, "org.btcpeer.PeerConnected");
        assertEquals(2, connected.size(), events.toString());
        for (RecordedEvent e : connected) {
            assertEquals("v1", e.getString("transport"));
            assertTrue(e.getLong("handshakeMillis") >= 0);
        }
        List<RecordedEvent> disconnected = named(events, "org.btcpeer.PeerDisconnected");
        assertEquals(2, disconnected.size(), events.toString());
        assertTrue(disconnected.stream().anyMatch(e -> e.getString("reason").equals("LOCAL")
                && e.getString("detail").equals("session over") && e.getLong("bytesSent") > 0 && e.getLong("bytesReceived") > 0),
                disconnected.toString());
        assertTrue(disconnected.stream().anyMatch(e -> e.getString("reason").equals("REMOTE_CLOSED")), disconnected.toString());
        assertTrue(named(events, "org.btcpeer.MessageReceived").stream()
                .anyMatch(e -> e.getString("command").equals("ping") && e.getInt("bytes") == 24 + 8), events.toString());
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
