package org.btcpeer.peer.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event-loop handle end to end against a peer on 127.0.0.1: commands in, events out. */
@Timeout(30)
class EventLoopHandleTest {

    private static ConnectionManagerConfig config(PeerConfig peer) {
        return ConnectionManagerConfig.builder().peerConfig(peer).fullRelayTarget(0).blockRelayTarget(0)
                .tickInterval(Duration.ofMillis(50)).build();
    }

    private static <T extends ConnectionEvent> T next(EventLoopHandle loop, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            ConnectionEvent e = loop.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " within 10 s"));
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @Test
    void commandsInEventsOut() throws Exception {
        try (RemoteNode remote = RemoteNode.start();
             EventLoopHandle loop = EventLoopHandle.start(config(PeerConfig.builder().network(NetworkParameters.REGTEST).build()),
                     PeerRuntime.create())) {
            loop.submit(new LoopCommand.Connect(remote.target()));
            ConnectionEvent.Connected c = next(loop, ConnectionEvent.Connected.class);
            long id = c.peer().id();
            assertTrue(loop.offer(new LoopCommand.Send(id, new PingMessage(4242)), Duration.ofSeconds(1)));
            while (true) {
                ConnectionEvent.MessageReceived m = next(loop, ConnectionEvent.MessageReceived.class);
                assertEquals(id, m.peerId());
                if (m.message() instanceof PongMessage p && p.nonce() == 4242) {
                    break;
                }
            }
            loop.submit(new LoopCommand.Send(999_999, new PingMessage(1)));
            ConnectionEvent.SendRejected r = next(loop, ConnectionEvent.SendRejected.class);
            assertEquals(999_999, r.peerId());
            assertEquals("ping", r.command());
            loop.submit(new LoopCommand.Connect(remote.target()));
            ConnectionEvent.AddressFailed dup = next(loop, ConnectionEvent.AddressFailed.class);
            assertTrue(dup.reason().contains("already connected"), dup.reason());
            loop.submit(new LoopCommand.Disconnect(id));
            assertEquals(DisconnectReason.LOCAL, next(loop, ConnectionEvent.Disconnected.class).disconnect().reason());
            loop.submit(new LoopCommand.Shutdown());
            next(loop, ConnectionEvent.Stopped.class);
            assertTrue(loop.awaitStopped(Duration.ofSeconds(5)));
            assertThrows(IllegalStateException.class, () -> loop.submit(new LoopCommand.Connect(remote.target())));
        }
    }

    @Test
    void aFullSendQueueIsReportedAsSendRejected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RemoteNode stalled = RemoteNode.start(b -> b.listeners(PeerListeners.builder()
                .on(PingMessage.class, (p, m) -> {
                    if (m.nonce() == 1) {
                        try {
                            release.await(20, TimeUnit.SECONDS); // stops reading: our writes back up
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build()));
             EventLoopHandle loop = EventLoopHandle.start(config(PeerConfig.builder().network(NetworkParameters.REGTEST)
                     .sendQueueLimitBytes(100_000).build()), PeerRuntime.create())) {
            loop.submit(new LoopCommand.Connect(stalled.target()));
            long id = next(loop, ConnectionEvent.Connected.class).peer().id();
            loop.submit(new LoopCommand.Send(id, new PingMessage(1)));
            RawMessage big = new RawMessage("junk", ByteString.wrap(new byte[1_000_000]));
            for (int i = 0; i < 40; i++) {
                loop.submit(new LoopCommand.Send(id, big));
            }
            ConnectionEvent.SendRejected r = next(loop, ConnectionEvent.SendRejected.class);
            assertEquals(id, r.peerId());
            assertEquals("junk", r.command());
            assertTrue(r.reason().startsWith("send queue full"), r.reason());
            release.countDown();
        }
    }

    @Test
    void connectedComesFirstAndFilteredTypesStayOut() throws Exception {
        PeerConfig v1 = PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY).build();
        try (RemoteNode remote = RemoteNode.start(b -> b.transportPolicy(TransportPolicy.V1_ONLY));
             EventLoopHandle loop = EventLoopHandle.start(config(v1), PeerRuntime.create(),
                     EventLoopHandle.DEFAULT_EVENT_CAPACITY, EventLoopHandle.DEFAULT_COMMAND_CAPACITY,
                     EventLoopHandle.allExcept(PingMessage.class, SendCmpctMessage.class))) {
            Instant before = Instant.now();
            loop.submit(new LoopCommand.Connect(remote.target()));
            ConnectionEvent first = loop.poll(Duration.ofSeconds(10)).orElseThrow();
            ConnectionEvent.Connected c = assertInstanceOf(ConnectionEvent.Connected.class, first,
                    "the handshake's messages must not come before Connected");
            long id = c.peer().id();
            loop.submit(new LoopCommand.Send(id, new PingMessage(77)));
            // The remote pings us after its handshake and sends sendcmpct: both are filtered out.
            // (The pong to our own first ping may come before the pong to 77.)
            ConnectionEvent.MessageReceived m;
            do {
                m = next(loop, ConnectionEvent.MessageReceived.class);
                assertFalse(m.message() instanceof PingMessage || m.message() instanceof SendCmpctMessage, m.toString());
            } while (!(m.message() instanceof PongMessage p && p.nonce() == 77));
            assertEquals(id, m.peerId());
            assertEquals(24 + 8, m.wireBytes(), "v1 header and an 8-byte nonce");
            assertFalse(m.receivedAt().isBefore(before.minusSeconds(1)), m.receivedAt().toString());
        }
    }
}
