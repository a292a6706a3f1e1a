package org.btcpeer.peer.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.addr.AddressBook;
import org.btcpeer.peer.addr.AddressBookConfig;
import org.btcpeer.peer.inbound.BanList;
import org.btcpeer.peer.inbound.Discouragement;
import org.btcpeer.peer.inbound.InboundDefences;
import org.btcpeer.peer.inbound.Whitelist;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ConnectionManager}'s outbound defences recorded with JFR's RecordingStream on real
 * loopback sockets: an automatic peer that breaks a rule is discouraged, and its address, like a
 * banned one, is then skipped for automatic connections.
 */
@Timeout(60)
class OutboundFlightEventsTest {

    private static InboundDefences loopbackDefences() {
        return new InboundDefences(new Discouragement(true, new SplittableRandom(1)), BanList.inMemory(InstantSource.system()),
                Whitelist.EMPTY);
    }

    private static ConnectionManagerConfig config(RemoteNode node, InboundDefences defences) {
        AddressBook book = new AddressBook(AddressBookConfig.builder().allowNonRoutable(true).build());
        book.addUser(node.address());
        return ConnectionManagerConfig.builder()
                .peerConfig(PeerConfig.builder().network(NetworkParameters.REGTEST).build())
                .addressBook(book).fullRelayTarget(1).blockRelayTarget(0).netGroup(NetGroup.perAddress())
                .tickInterval(Duration.ofMillis(50)).retryBase(Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(2))
                .defences(defences).build();
    }

    @Test
    void outboundDiscouragementAndSkippedDialsAreRecorded() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        LinkedBlockingQueue<ConnectionEvent> rudeEvents = new LinkedBlockingQueue<>();
        InboundDefences banning = loopbackDefences();
        banning.bans().ban("127.0.0.1", Duration.ofHours(1));
        try (RecordingStream rs = new RecordingStream();
             RemoteNode rude = RemoteNode.start(b -> b.listeners(PeerListeners.builder()
                     .on(VerackMessage.class, (p, v) -> p.send(new RawMessage("mempool", ByteString.fromHex(""))))
                     .build()));
             RemoteNode polite = RemoteNode.start()) {
            rs.enable(OutboundDiscouragedEvent.class);
            rs.enable(DialSkippedEvent.class); // off by default: one per skipped address and tick
            rs.onEvent(events::add);
            rs.startAsync();
            try (ConnectionManager rudeManager = ConnectionManager.start(config(rude, loopbackDefences()),
                         PeerRuntime.create(), rudeEvents::add);
                 ConnectionManager banningManager = ConnectionManager.start(config(polite, banning),
                         PeerRuntime.create(), e -> { })) {
                ConnectionEvent e;
                do {
                    e = rudeEvents.poll(10, TimeUnit.SECONDS);
                } while (e != null && !(e instanceof ConnectionEvent.Disconnected));
                assertTrue(e instanceof ConnectionEvent.Disconnected d
                        && d.disconnect().reason() == DisconnectReason.PROTOCOL_VIOLATION, String.valueOf(e));
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!(skipped(events, "discouraged") && skipped(events, "banned")
                        && !named(events, "org.btcpeer.OutboundPeerDiscouraged").isEmpty()) && System.nanoTime() < deadline) {
                    rs.awaitTermination(Duration.ofMillis(100)); // the stream flushes about once a second
                }
                assertEquals(0, banningManager.connectedCount(ConnectionType.OUTBOUND_FULL_RELAY));
            }
            String rudeAddress = rude.address().toString();
            String politeAddress = polite.address().toString();

            List<RecordedEvent> discouraged = named(events, "org.btcpeer.OutboundPeerDiscouraged");
            assertEquals(1, discouraged.size(), events.toString());
            RecordedEvent d = discouraged.get(0);
            assertEquals(rudeAddress, d.getString("address"));
            assertEquals("OUTBOUND_FULL_RELAY", d.getString("connectionType"));
            assertTrue(d.getString("detail").contains("mempool"), d.toString());
            assertTrue(d.getLong("peerId") > 0, d.toString());

            List<RecordedEvent> skips = named(events, "org.btcpeer.DialSkipped");
            assertTrue(skips.stream().anyMatch(s -> s.getString("address").equals(rudeAddress)
                    && s.getString("reason").equals("discouraged") && !s.getBoolean("banned")), skips.toString());
            assertTrue(skips.stream().anyMatch(s -> s.getString("address").equals(politeAddress)
                    && s.getString("reason").equals("banned") && s.getBoolean("banned")), skips.toString());
            assertFalse(skips.stream().anyMatch(s -> s.getString("address").equals(politeAddress)
                    && !s.getBoolean("banned")), "the ban is reported, not a discouragement: " + skips);
        }
    }

    private static boolean skipped(List<RecordedEvent> events, String reason) {
        return named(events, "org.btcpeer.DialSkipped").stream().anyMatch(e -> e.getString("reason").equals(reason));
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
