package org.btcpeer.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.btcpeer.peer.PeerHarness.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One 60 s deadline (Core's {@code DEFAULT_PEER_CONNECT_TIMEOUT}) covers the transport handshake
 * and the version handshake together: time spent on the first is not given back to the second.
 */
@Timeout(30)
class HandshakeDeadlineTest {

    private final PeerHarness h = new PeerHarness();
    private PeerAcceptor acceptor;
    private Socket socket;

    @AfterEach
    void close() throws Exception {
        if (socket != null) {
            socket.close();
        }
        if (acceptor != null) {
            acceptor.close();
        }
        h.close();
    }

    @Test
    void theVersionHandshakeGetsOnlyWhatTheTransportLeft() throws Exception {
        HandshakeDeadline deadline = HandshakeDeadline.startingNow(h.runtime.time(), Duration.ofSeconds(60));
        h.clock.advance(Duration.ofSeconds(50)); // a slow transport handshake
        PeerHarness.Setup s = h.inbound(config().build(), deadline);
        h.assertDisconnectsAt(s.peer(), Duration.ofSeconds(10), DisconnectReason.HANDSHAKE_TIMEOUT);
    }

    @Test
    void theAcceptorStartsTheDeadlineAtAccept() throws Exception {
        BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
        acceptor = PeerAcceptor.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                config().transportPolicy(TransportPolicy.V2_PREFERRED).build(), h.runtime, peers::add);
        socket = new Socket();
        socket.connect(acceptor.localAddress());
        PeerTest.awaitUntil(() -> acceptor.handshakesInProgress() == 1);
        h.clock.advance(Duration.ofSeconds(50)); // the transport handshake is still waiting for bytes
        ScriptedRemote remote = new ScriptedRemote(TransportConnection.v1(socket, NetworkParameters.REGTEST));
        remote.send(ScriptedRemote.version(70016, 42)); // v1 detected; no verack ever
        Peer p = peers.poll(5, TimeUnit.SECONDS);
        assertNotNull(p, "the v1 connection became a peer");
        remote.next(VersionMessage.class);
        h.assertDisconnectsAt(p, Duration.ofSeconds(10), DisconnectReason.HANDSHAKE_TIMEOUT);
        remote.close();
    }

    @Test
    void aDeadlineNeedsAPositiveTimeoutAndReportsAtLeastOneMillisecondLeft() {
        HandshakeDeadline d = new HandshakeDeadline(1_000, Duration.ofSeconds(60));
        assertEquals(1_000 + 60_000_000_000L, d.atNanos());
        assertEquals(Duration.ofSeconds(59), d.remaining(1_000 + 1_000_000_000L));
        assertEquals(Duration.ofMillis(1), d.remaining(d.atNanos() + 5), "never zero: a zero socket timeout waits forever");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new HandshakeDeadline(0, Duration.ZERO)).getMessage().contains("positive"));
    }
}
