package org.btcpeer.peer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportConfig;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.transport.v2.V2DecoyPolicy;
import org.btcpeer.transport.v2.V2FrameDecoder;
import org.btcpeer.transport.v2.V2GarbagePolicy;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.transport.v2.V2Handshake.State;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The v2 garbage and decoy policies set in {@link PeerConfig} reach the wire through
 * {@link PeerConnector} and {@link PeerAcceptor}, over real loopback sockets. The other end is a
 * sans-I/O {@link V2Handshake} fed one byte at a time, so the offsets where it moves from key to
 * garbage to version packet measure exactly what our side sent; decoys are counted by its decoder.
 */
@Timeout(30)
class V2PaddingLoopbackTest {

    private static final NetworkParameters NET = NetworkParameters.REGTEST;
    private static final int GARBAGE = 123;
    /** Two decoys before every real packet: 3 length + 1 header + contents + 16 tag bytes each. */
    private static final int[] DECOYS = {100, 7};
    private static final int DECOY_BYTES = (3 + 1 + 100 + 16) + (3 + 1 + 7 + 16);
    /** The handshake's version packet, with empty contents. */
    private static final int VERSION_PACKET = 3 + 1 + 16;

    private static PeerConfig padded() {
        return PeerConfig.builder().network(NET).transportPolicy(TransportPolicy.V2_PREFERRED)
                .v2Garbage(V2GarbagePolicy.fixed(GARBAGE)).v2Decoys(V2DecoyPolicy.fixed(DECOYS)).build();
    }

    /** What the observing end saw: the byte offset at which each handshake state began, and the first message after. */
    private record Observed(Map<State, Long> stateStarts, long decoysBeforeFirstMessage, ReceivedMessage first) {
    }

    /**
     * Runs {@code observer} against the socket one received byte at a time, then sends {@code opening}
     * (if any: an inbound peer waits for the remote's version) and decodes application packets until
     * the first message.
     */
    private static Observed observe(V2Handshake observer, Socket socket, VersionMessage opening) throws Exception {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        Map<State, Long> starts = new EnumMap<>(State.class);
        long offset = 0;
        starts.put(observer.state(), 0L);
        flush(observer, out);
        while (!observer.isComplete()) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake at byte " + offset);
            }
            observer.receive(ByteBuffer.wrap(new byte[]{(byte) b}));
            offset++;
            starts.putIfAbsent(observer.state(), offset);
            flush(observer, out);
        }
        if (opening != null) {
            observer.session().encoder().encode(opening).writeTo(out);
            out.flush();
        }
        V2FrameDecoder decoder = observer.session().decoder();
        ReceivedMessage first;
        while ((first = decoder.poll()) == null) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the first message");
            }
            decoder.receive(ByteBuffer.wrap(new byte[]{(byte) b}));
        }
        return new Observed(starts, decoder.decoysReceived(), first);
    }

    private static void flush(V2Handshake h, OutputStream out) throws IOException {
        if (h.hasOutput()) {
            h.takeOutput().writeTo(out);
            out.flush();
        }
    }

    private static void assertPadded(Observed o) {
        assertEquals(64L, o.stateStarts().get(State.GARB_GARBTERM), "the 64-byte key");
        assertEquals(64L + GARBAGE + 16, o.stateStarts().get(State.VERSION), "our fixed garbage, then the 16-byte terminator");
        assertEquals(64L + GARBAGE + 16 + DECOY_BYTES + VERSION_PACKET, o.stateStarts().get(State.APP),
                "two decoys before the handshake's version packet");
        assertEquals(DECOYS.length, o.decoysBeforeFirstMessage(), "and two before the first message");
        assertInstanceOf(VersionMessage.class, o.first().message());
    }

    @Test
    void theConnectorSendsTheConfiguredGarbageAndDecoys() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Observed> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    return observe(V2Handshake.responder(NET.magic()).random(new SecureRandom()).build(), s, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            Peer peer = PeerConnector.connect((InetSocketAddress) server.getLocalSocketAddress(), padded(), PeerRuntime.create());
            try {
                assertEquals(TransportVersion.V2, peer.connection().version());
                assertPadded(seen.get(10, TimeUnit.SECONDS));
            } finally {
                peer.disconnect("test over");
            }
        }
    }

    @Test
    void theAcceptorSendsTheConfiguredGarbageAndDecoys() throws Exception {
        BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
        try (PeerAcceptor acceptor = PeerAcceptor.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                padded(), PeerRuntime.create(), peers::add);
             Socket s = new Socket()) {
            s.connect(acceptor.localAddress());
            assertPadded(observe(V2Handshake.initiator(NET.magic()).random(new SecureRandom()).build(), s,
                    ScriptedRemote.version(70016, 5)));
            Peer p = peers.poll(10, TimeUnit.SECONDS);
            assertNotNull(p, "the acceptor made a peer");
            p.disconnect("test over");
        }
    }

    @Test
    void theDefaultsAreCores() {
        PeerConfig defaults = PeerConfig.builder().build();
        assertSame(V2GarbagePolicy.RANDOM, defaults.v2Garbage(), "0..4095 random bytes, as Core's GenerateRandomGarbage");
        assertSame(V2DecoyPolicy.NONE, defaults.v2Decoys(), "Core sends no decoys");
        TransportConfig t = PeerConnector.transportConfig(padded());
        assertEquals(GARBAGE, t.garbagePolicy().garbageLength(new SecureRandom()));
        assertEquals(DECOYS[1], t.decoyPolicy().decoyLength(1, new SecureRandom()));
    }
}
