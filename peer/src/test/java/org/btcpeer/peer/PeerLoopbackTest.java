package org.btcpeer.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RawMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peers end to end over real sockets on 127.0.0.1, v1 and v2, with the system clock. */
@Timeout(60)
class PeerLoopbackTest {

    /** Two nodes: sharing one runtime would make every connection a self-connection (same nonce registry). */
    private final PeerRuntime runtime = PeerRuntime.create();
    private final PeerRuntime serverRuntime = PeerRuntime.create();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private PeerConfig config(TransportPolicy policy, PeerListeners listeners) {
        // Both ends offer Core's desirable services: the dialing side requires them by default.
        return PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(policy).listeners(listeners)
                .services(org.btcpeer.wire.ServiceFlags.of(org.btcpeer.wire.ServiceFlags.NODE_NETWORK
                        | org.btcpeer.wire.ServiceFlags.NODE_WITNESS)).build();
    }

    @ParameterizedTest(name = "client {0}, server {1} -> {2}")
    @CsvSource({
            "V2_PREFERRED, V2_PREFERRED, V2",
            "V2_REQUIRED,  V2_PREFERRED, V2",
            "V1_ONLY,      V2_PREFERRED, V1",
            "V2_PREFERRED, V1_ONLY,      V1", // Core's fallback: reconnect as v1
            "V1_ONLY,      V1_ONLY,      V1",
    })
    void peersNegotiateTransportAndExchangeMessages(TransportPolicy client, TransportPolicy server,
                                                    TransportVersion expected) throws Exception {
        BlockingQueue<RawMessage> serverGot = new LinkedBlockingQueue<>();
        PeerListeners serverListeners = PeerListeners.builder().on(RawMessage.class, (p, m) -> serverGot.add(m)).build();
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(server, serverListeners), serverRuntime, p -> { });
        toClose.add(acceptor);

        Peer out = PeerConnector.connect(acceptor.localAddress(), config(client, PeerListeners.NONE), runtime);
        toClose.add(() -> out.disconnect("test over"));
        out.handshake().get(10, TimeUnit.SECONDS);
        // With a v1 fallback the server first saw the v2 attempt (refused at its first header, as
        // Core's v1-only node does), then the v1 retry: take the peer that is still connected.
        PeerTest.awaitUntil(() -> acceptor.peers().stream().anyMatch(p -> p.stats().handshakeComplete()));
        Peer in = acceptor.peers().stream().filter(p -> p.stats().handshakeComplete()).findFirst().orElseThrow();

        assertEquals(expected, out.stats().transport());
        assertEquals(expected, in.stats().transport());
        assertEquals(out.stats().sessionId(), in.stats().sessionId(), "both sides report the same v2 session id");
        assertEquals(expected == TransportVersion.V2, out.stats().sessionId().isPresent());
        assertTrue(out.features().wtxidRelay() && in.features().addrV2());

        byte[] big = new byte[4_000_000];
        new java.util.Random(7).nextBytes(big);
        out.send(new RawMessage("bigblob", ByteString.wrap(big))).get(10, TimeUnit.SECONDS);
        RawMessage got = serverGot.poll(10, TimeUnit.SECONDS);
        assertEquals("bigblob", got.commandName());
        assertEquals(ByteString.wrap(big), got.body());

        // The first ping goes out right after the handshake; its pong gives a real round-trip time.
        PeerTest.awaitUntil(() -> out.stats().lastPing().isPresent());
        assertTrue(out.stats().lastPing().orElseThrow().compareTo(Duration.ofSeconds(1)) < 0);

        out.disconnect("done");
        assertEquals(DisconnectReason.LOCAL, out.awaitDisconnect(Duration.ofSeconds(5)).reason());
        assertEquals(DisconnectReason.REMOTE_CLOSED, in.awaitDisconnect(Duration.ofSeconds(5)).reason());
    }

    @Test
    void acceptorRefusesConnectionsBeyondItsPeerLimit() throws Exception {
        InboundLimits limits = new InboundLimits(2, 64, 1000, 1000);
        BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(TransportPolicy.V2_PREFERRED, PeerListeners.NONE),
                serverRuntime, limits, accepted::add);
        toClose.add(acceptor);
        for (int i = 0; i < 2; i++) {
            Peer p = PeerConnector.connect(acceptor.localAddress(), config(TransportPolicy.V2_PREFERRED, PeerListeners.NONE), runtime);
            toClose.add(() -> p.disconnect("x"));
            p.handshake().get(10, TimeUnit.SECONDS);
        }
        // Our handshake can complete before the acceptor has seen our verack: until then the
        // acceptor counts the peer as pending, and a pending handshake is evictable by design.
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 2 && acceptor.handshakesInProgress() == 0);
        try (Socket third = new Socket(acceptor.localAddress().getAddress(), acceptor.localAddress().getPort())) {
            third.setSoTimeout(5000);
            assertEquals(-1, third.getInputStream().read(), "the third connection is closed at once");
        }
        assertEquals(1, acceptor.refusedCount());
        assertEquals(2, acceptor.peers().size());
    }

    @Test
    void acceptorRateLimitsHandshakes() throws Exception {
        InboundLimits limits = new InboundLimits(100, 64, 0.001, 3); // a burst of 3, then almost nothing
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(TransportPolicy.V2_PREFERRED, PeerListeners.NONE),
                serverRuntime, limits, p -> { });
        toClose.add(acceptor);
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Socket s = new Socket(acceptor.localAddress().getAddress(), acceptor.localAddress().getPort());
            sockets.add(s);
            toClose.add(s);
        }
        PeerTest.awaitUntil(() -> acceptor.refusedCount() == 3);
        PeerTest.awaitUntil(() -> acceptor.handshakesInProgress() == 3);
    }

    @Test
    void pingThroughTheFullStackOverV2() throws Exception {
        CompletableFuture<Peer> inbound = new CompletableFuture<>();
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(TransportPolicy.V2_PREFERRED, PeerListeners.NONE),
                serverRuntime, inbound::complete);
        toClose.add(acceptor);
        BlockingQueue<PongMessage> pongs = new LinkedBlockingQueue<>();
        Peer out = PeerConnector.connect(acceptor.localAddress(), config(TransportPolicy.V2_PREFERRED,
                PeerListeners.builder().on(PongMessage.class, (p, m) -> pongs.add(m)).build()), runtime);
        toClose.add(() -> out.disconnect("x"));
        out.handshake().get(10, TimeUnit.SECONDS);
        for (long n = 1; n <= 100; n++) {
            out.send(new PingMessage(0x1000 + n));
        }
        long seen = 0;
        while (seen < 100) {
            PongMessage p = pongs.poll(10, TimeUnit.SECONDS);
            if (p.nonce() > 0x1000) {
                seen++;
            }
        }
        assertTrue(out.isConnected());
    }

    @Test
    void aPeerDialedThroughARelayReportsTheAddressItWasDialed() throws Exception {
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(TransportPolicy.V2_PREFERRED, PeerListeners.NONE),
                serverRuntime, p -> { });
        toClose.add(acceptor);
        // A relay on another port stands in for a SOCKS5 proxy: the socket's remote end is the relay.
        java.net.ServerSocket relay = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(relay);
        Thread.ofVirtual().start(() -> {
            while (!relay.isClosed()) {
                try {
                    Socket in = relay.accept();
                    Socket out = new Socket(acceptor.localAddress().getAddress(), acceptor.localAddress().getPort());
                    toClose.add(in);
                    toClose.add(out);
                    Thread.ofVirtual().start(() -> pump(in, out));
                    Thread.ofVirtual().start(() -> pump(out, in));
                } catch (java.io.IOException e) {
                    return; // relay closed
                }
            }
        });
        org.btcpeer.transport.dial.Dialer viaRelay = (target, timeout) ->
                new Socket(InetAddress.getLoopbackAddress(), relay.getLocalPort());

        NetAddress ipv4 = NetAddress.of(acceptor.localAddress());
        NetAddress onion = new NetAddress(NetworkId.TORV3, ByteString.wrap(new byte[32]), 8333);
        for (NetAddress dialed : List.of(ipv4, onion)) {
            Peer out = PeerConnector.connect(new org.btcpeer.transport.dial.DialTarget.Address(dialed), viaRelay,
                    config(TransportPolicy.V2_PREFERRED, PeerListeners.NONE), runtime, true);
            toClose.add(() -> out.disconnect("test over"));
            out.handshake().get(10, TimeUnit.SECONDS); // an onion has no legacy form: addr_you goes out empty
            assertEquals(dialed, out.address(), "the address dialed, not the relay's port " + relay.getLocalPort());
            assertEquals(dialed, out.stats().address());
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (java.io.IOException e) {
            // one side closed
        } finally {
            try {
                to.close();
                from.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
    }
}
