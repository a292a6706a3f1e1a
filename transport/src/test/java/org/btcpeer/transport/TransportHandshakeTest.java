package org.btcpeer.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.transport.v2.V2DecoyPolicy;
import org.btcpeer.transport.v2.V2FrameDecoder;
import org.btcpeer.transport.v2.V2GarbagePolicy;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.MessageFixtures;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Mockito;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Negotiation over real sockets on 127.0.0.1: every policy pairing, Core's v1 fallback, deadlines, tampering. */
@Timeout(30)
class TransportHandshakeTest {

    static final NetworkParameters NET = NetworkParameters.REGTEST;
    static final VersionMessage VERSION = (VersionMessage) MessageFixtures.all().get(0).message();

    static TransportConfig.Builder config(TransportPolicy policy, long seed) {
        return TransportConfig.builder(NET).policy(policy).random(new Random(seed));
    }

    @FunctionalInterface
    interface SocketBody<T> {
        T run(Socket socket) throws Exception;
    }

    /** Runs {@code body} on the next accepted connection, in a virtual thread; the socket is closed afterwards. */
    static <T> CompletableFuture<T> serve(ServerSocket server, SocketBody<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                result.complete(body.run(s));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    static Socket dial(int port) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    static TransportException transportFailure(SocketBody<?> body, Socket s) {
        try {
            body.run(s);
        } catch (TransportException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a TransportException", e);
        }
        throw new AssertionError("expected a TransportException, the call succeeded");
    }

    static List<Message> messagesToSend() {
        List<Message> out = new ArrayList<>();
        MessageFixtures.all().forEach(f -> out.add(f.message()));
        byte[] big = new byte[4_000_000];
        new Random(1).nextBytes(big);
        out.add(new RawMessage("bigthing", ByteString.wrap(big)));
        out.add(new PingMessage(99));
        return out;
    }

    /** What a responder negotiated and received until the initiator closed. */
    record Received(TransportVersion version, Optional<String> sessionId, List<Message> messages) {
    }

    static Stream<Arguments> pairings() {
        return Stream.of(
                Arguments.of(TransportPolicy.V1_ONLY, TransportPolicy.V1_ONLY, TransportVersion.V1),
                Arguments.of(TransportPolicy.V2_PREFERRED, TransportPolicy.V2_PREFERRED, TransportVersion.V2),
                Arguments.of(TransportPolicy.V2_REQUIRED, TransportPolicy.V2_REQUIRED, TransportVersion.V2),
                Arguments.of(TransportPolicy.V2_REQUIRED, TransportPolicy.V2_PREFERRED, TransportVersion.V2),
                Arguments.of(TransportPolicy.V2_PREFERRED, TransportPolicy.V2_REQUIRED, TransportVersion.V2),
                Arguments.of(TransportPolicy.V1_ONLY, TransportPolicy.V2_PREFERRED, TransportVersion.V1));
    }

    @ParameterizedTest(name = "initiator {0}, responder {1}: {2}")
    @MethodSource("pairings")
    void everyMessageCrossesEveryPairingBothWays(TransportPolicy initiator, TransportPolicy responder,
                                                  TransportVersion expected) throws Exception {
        List<Message> toSend = messagesToSend();
        List<Message> replies = MessageFixtures.all().stream().map(f -> (Message) f.message()).toList();
        try (ServerSocket server = listen()) {
            CompletableFuture<Received> received = serve(server, s -> {
                TransportConnection c = TransportHandshake.accept(s, config(responder, 2).build());
                for (Message m : replies) {
                    c.writer().write(m);
                }
                List<Message> got = new ArrayList<>();
                try {
                    while (true) {
                        got.add(c.reader().read().message());
                    }
                } catch (EOFException closed) {
                    return new Received(c.version(), c.sessionIdHex(), got);
                }
            });
            try (Socket socket = dial(server.getLocalPort())) {
                TransportConnection c = TransportHandshake.initiate(socket,
                        config(initiator, 1).decoyPolicy(V2DecoyPolicy.fixed(0, 50)).build());
                assertEquals(expected, c.version());
                for (Message m : toSend) {
                    c.writer().write(m);
                }
                List<Message> got = new ArrayList<>();
                for (int k = 0; k < replies.size(); k++) {
                    got.add(c.reader().read().message());
                }
                assertEquals(replies, got);
                socket.shutdownOutput();
                Received r = received.get(20, TimeUnit.SECONDS);
                assertEquals(expected, r.version());
                assertEquals(toSend, r.messages());
                assertEquals(c.sessionIdHex(), r.sessionId(), "both ends derive the same session id");
                assertEquals(expected == TransportVersion.V2, c.sessionIdHex().isPresent());
                if (expected == TransportVersion.V2) {
                    assertEquals(64, c.sessionIdHex().orElseThrow().length());
                }
            }
        }
    }

    @Test
    void decoysAreInterleavedAndDropped() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Long> decoys = serve(server, s -> {
                TransportConnection c = TransportHandshake.accept(s, config(TransportPolicy.V2_PREFERRED, 2).build());
                for (int k = 0; k < 20; k++) {
                    assertEquals(new PingMessage(k), c.reader().read().message());
                }
                return ((V2FrameDecoder) c.reader().decoder()).decoysReceived();
            });
            try (Socket socket = dial(server.getLocalPort())) {
                TransportConnection c = TransportHandshake.initiate(socket, config(TransportPolicy.V2_PREFERRED, 1)
                        .decoyPolicy(V2DecoyPolicy.random(0.5, 2000)).build());
                long bytes = 0;
                for (int k = 0; k < 20; k++) {
                    bytes += c.writer().write(new PingMessage(k));
                }
                long decoyCount = decoys.get(10, TimeUnit.SECONDS);
                assertTrue(decoyCount > 0, "the random policy sent decoys");
                assertTrue(bytes > 20L * 29, "decoy bytes count as written");
            }
        }
    }

    /** A v1-only node as Core runs it: it reads a header, sees a wrong magic and disconnects. */
    static Void v1OnlyNodeThatDropsV2(Socket s) throws Exception {
        TransportConnection c = TransportHandshake.accept(s, config(TransportPolicy.V1_ONLY, 3).build());
        TransportException e = assertThrows(TransportException.class, () -> c.reader().read());
        assertEquals(Reason.BAD_MAGIC, e.reason());
        return null;
    }

    @Test
    void aV2PreferredInitiatorFallsBackToV1OnceAgainstAV1OnlyNode() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Message> node = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    try (Socket first = server.accept()) {
                        v1OnlyNodeThatDropsV2(first);
                    }
                    try (Socket second = server.accept()) {
                        TransportConnection c = TransportHandshake.accept(second, config(TransportPolicy.V1_ONLY, 4).build());
                        Message m = c.reader().read().message();
                        c.writer().write(VerackMessage.INSTANCE);
                        node.complete(m);
                    }
                } catch (Throwable t) {
                    node.completeExceptionally(t);
                }
            });
            SocketOpener opener = Mockito.mock(SocketOpener.class);
            Mockito.when(opener.open()).thenAnswer(call -> dial(server.getLocalPort()));
            try (TransportConnection c = TransportHandshake.connect(opener, config(TransportPolicy.V2_PREFERRED, 5).build(), true)) {
                assertEquals(TransportVersion.V1, c.version());
                Mockito.verify(opener, Mockito.times(2).description("a v2 attempt, then one v1 retry")).open();
                c.writer().write(VERSION);
                assertEquals(VerackMessage.INSTANCE, c.reader().read().message());
                assertEquals(VERSION, node.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aV2RequiredInitiatorDoesNotFallBack() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> node = serve(server, TransportHandshakeTest::v1OnlyNodeThatDropsV2);
            SocketOpener opener = Mockito.mock(SocketOpener.class);
            Mockito.when(opener.open()).thenAnswer(call -> dial(server.getLocalPort()));
            TransportException e = assertThrows(TransportException.class,
                    () -> TransportHandshake.connect(opener, config(TransportPolicy.V2_REQUIRED, 6).build(), true));
            assertEquals(Reason.POLICY_MISMATCH, e.reason());
            assertTrue(e.suggestsV1Retry());
            TransportException cause = assertInstanceOf(TransportException.class, e.getCause());
            assertEquals(Reason.CONNECTION_CLOSED, cause.reason());
            Mockito.verify(opener, Mockito.times(1).description("V2_REQUIRED never retries as v1")).open();
            node.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aV2AttemptIsMadeOnlyForPeersThatAdvertiseIt() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<TransportVersion> responder = serve(server, s -> {
                TransportConnection c = TransportHandshake.accept(s, config(TransportPolicy.V2_PREFERRED, 7).build());
                assertEquals(VERSION, c.reader().read().message());
                return c.version();
            });
            try (TransportConnection c = TransportHandshake.connect(() -> dial(server.getLocalPort()),
                    config(TransportPolicy.V2_PREFERRED, 8).build(), false)) {
                assertEquals(TransportVersion.V1, c.version());
                c.writer().write(VERSION);
                assertEquals(TransportVersion.V1, responder.get(10, TimeUnit.SECONDS), "detected as v1");
            }
        }
    }

    @Test
    void aV2RequiredResponderRefusesAV1Peer() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<TransportException> responder = serve(server, s ->
                    transportFailure(x -> TransportHandshake.accept(x, config(TransportPolicy.V2_REQUIRED, 9).build()), s));
            try (Socket socket = dial(server.getLocalPort())) {
                TransportConnection c = TransportHandshake.initiate(socket, config(TransportPolicy.V1_ONLY, 10).build());
                c.writer().write(VERSION);
                TransportException e = responder.get(10, TimeUnit.SECONDS);
                assertEquals(Reason.POLICY_MISMATCH, e.reason());
            }
        }
    }

    @Test
    void aV1HeaderForAnotherNetworkIsRefusedByADualResponder() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<TransportException> responder = serve(server, s ->
                    transportFailure(x -> TransportHandshake.accept(x, config(TransportPolicy.V2_PREFERRED, 11).build()), s));
            try (Socket socket = dial(server.getLocalPort())) {
                new V1FrameEncoder(NetworkParameters.TESTNET3.magic()).encode(VERSION).writeTo(socket.getOutputStream());
                assertEquals(Reason.V1_PEER_WRONG_NETWORK, responder.get(10, TimeUnit.SECONDS).reason());
            }
        }
    }

    @Test
    void aSilentResponderHitsTheDeadlineAndSuggestsV1() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> silent = new CompletableFuture<>();
            CompletableFuture<Object> held = serve(server, s -> silent.get(20, TimeUnit.SECONDS));
            try (Socket socket = dial(server.getLocalPort())) {
                long start = System.nanoTime();
                TransportException e = assertThrows(TransportException.class, () -> TransportHandshake.initiate(socket,
                        config(TransportPolicy.V2_PREFERRED, 12).handshakeTimeout(Duration.ofMillis(200)).build()));
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                assertEquals(Reason.HANDSHAKE_TIMEOUT, e.reason());
                assertTrue(e.suggestsV1Retry(), "Core: key sent, nothing received");
                // Only a lower bound on real time (it cannot fail on a slow machine); a hang is the
                // class @Timeout's, and that the deadline follows the injected clock is the next test's.
                assertTrue(elapsedMs >= 150, "took " + elapsedMs + " ms");
                assertEquals(0, socket.getSoTimeout(), "the caller's socket timeout is restored");
            } finally {
                silent.complete(null);
                held.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theDeadlineIsMeasuredWithTheInjectedClock() throws Exception {
        // Each reading of this clock is a minute later: the 60 s deadline has passed before the first read.
        AtomicLong minutes = new AtomicLong();
        InstantSource clock = () -> Instant.EPOCH.plus(Duration.ofMinutes(minutes.getAndIncrement()));
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> silent = new CompletableFuture<>();
            CompletableFuture<Object> held = serve(server, s -> silent.get(20, TimeUnit.SECONDS));
            try (Socket socket = dial(server.getLocalPort())) {
                TransportException e = assertThrows(TransportException.class, () -> TransportHandshake.accept(socket,
                        config(TransportPolicy.V2_PREFERRED, 13).clock(clock).build()));
                assertEquals(Reason.HANDSHAKE_TIMEOUT, e.reason());
                assertFalse(e.suggestsV1Retry(), "only initiators retry");
                assertNull(e.getCause(), "decided by the clock before any read, not by a socket timeout");
            } finally {
                silent.complete(null);
                held.get(10, TimeUnit.SECONDS);
            }
        }
    }

    // ---- tampering and truncation through a relay ----

    static final int GARBAGE = 10;
    static final int VERSION_PACKET = 64 + GARBAGE + 16;

    /** Outcome of one side: the connection, or the failure. */
    record Side(TransportConnection connection, TransportException failure) {
        Reason reason() {
            if (failure == null) {
                fail("expected a failure, the handshake completed");
            }
            return failure.reason();
        }
    }

    static Side attempt(SocketBody<TransportConnection> body, Socket s) {
        try {
            return new Side(body.run(s), null);
        } catch (TransportException e) {
            return new Side(null, e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs initiator and responder through a relay; returns {initiator, responder}. */
    static Side[] throughRelay(TamperingRelay.Flip up, TamperingRelay.Flip down, long cutUpAfter,
                               Duration initiatorDeadline, Duration responderDeadline) throws Exception {
        try (ServerSocket server = listen()) {
            TransportConfig rc = config(TransportPolicy.V2_PREFERRED, 21).garbagePolicy(V2GarbagePolicy.fixed(GARBAGE))
                    .handshakeTimeout(responderDeadline).build();
            TransportConfig ic = config(TransportPolicy.V2_PREFERRED, 22).garbagePolicy(V2GarbagePolicy.fixed(GARBAGE))
                    .handshakeTimeout(initiatorDeadline).build();
            CompletableFuture<Void> initiatorDone = new CompletableFuture<>();
            CompletableFuture<Side> responder = serve(server, s -> {
                Side side = attempt(x -> TransportHandshake.accept(x, rc), s);
                if (side.failure() == null) {
                    initiatorDone.get(20, TimeUnit.SECONDS); // keep a completed connection open meanwhile
                }
                return side;
            });
            try (TamperingRelay relay = new TamperingRelay(server.getLocalPort(), up, down, cutUpAfter);
                 Socket socket = dial(relay.port())) {
                Side initiator = attempt(x -> TransportHandshake.initiate(x, ic), socket);
                if (initiator.failure() != null) {
                    socket.close(); // as a caller would; the responder then sees the connection end
                }
                initiatorDone.complete(null);
                Side r = responder.get(20, TimeUnit.SECONDS);
                if (initiator.connection() != null) {
                    initiator.connection().close();
                }
                return new Side[]{initiator, r};
            }
        }
    }

    /**
     * The victim's deadline where the expected outcome is a timeout: nothing more will arrive, so
     * only the deadline can end the wait, and its length decides nothing.
     */
    static final Duration SHORT = Duration.ofMillis(300);
    /**
     * Every other deadline: the outcome is decided by the bytes that arrive within milliseconds, never
     * by a race against the clock on a loaded machine.
     */
    static final Duration LONG = Duration.ofSeconds(15);

    static Stream<Arguments> flips() {
        TamperingRelay.Flip none = TamperingRelay.Flip.NONE;
        // The side named last is the victim: it gets the short deadline, the other side a long one, so
        // the victim's own outcome is deterministic and the other side sees the connection end.
        return Stream.of(
                Arguments.of("initiator key", new TamperingRelay.Flip(7, 0x01), none, false, Reason.HANDSHAKE_TIMEOUT),
                Arguments.of("initiator key, seen by the initiator", new TamperingRelay.Flip(7, 0x01), none, true, Reason.HANDSHAKE_TIMEOUT),
                Arguments.of("initiator garbage", new TamperingRelay.Flip(64 + 2, 0x01), none, false, Reason.AUTHENTICATION_FAILED),
                Arguments.of("initiator terminator", new TamperingRelay.Flip(64 + GARBAGE + 1, 0x01), none, false, Reason.HANDSHAKE_TIMEOUT),
                Arguments.of("initiator length", new TamperingRelay.Flip(VERSION_PACKET + 2, 0x80), none, false, Reason.OVERSIZED_MESSAGE),
                Arguments.of("initiator version ciphertext", new TamperingRelay.Flip(VERSION_PACKET + 3, 0x01), none, false, Reason.AUTHENTICATION_FAILED),
                Arguments.of("initiator tag", new TamperingRelay.Flip(VERSION_PACKET + 19, 0x40), none, false, Reason.AUTHENTICATION_FAILED),
                Arguments.of("responder key", none, new TamperingRelay.Flip(40, 0x01), true, Reason.HANDSHAKE_TIMEOUT),
                Arguments.of("responder garbage", none, new TamperingRelay.Flip(64 + 9, 0x01), true, Reason.AUTHENTICATION_FAILED),
                Arguments.of("responder terminator", none, new TamperingRelay.Flip(64 + GARBAGE + 15, 0x08), true, Reason.HANDSHAKE_TIMEOUT),
                Arguments.of("responder version tag", none, new TamperingRelay.Flip(VERSION_PACKET + 10, 0x02), true, Reason.AUTHENTICATION_FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flips")
    void aFlippedBitFailsTheHandshakeWithTheRightReason(String region, TamperingRelay.Flip up, TamperingRelay.Flip down,
                                                        boolean initiatorIsVictim, Reason expected) throws Exception {
        Duration victimDeadline = expected == Reason.HANDSHAKE_TIMEOUT ? SHORT : LONG;
        Side[] sides = throughRelay(up, down, -1, initiatorIsVictim ? victimDeadline : LONG, initiatorIsVictim ? LONG : victimDeadline);
        Side victim = sides[initiatorIsVictim ? 0 : 1];
        Side other = sides[initiatorIsVictim ? 1 : 0];
        assertEquals(expected, victim.reason(), region);
        if (expected == Reason.HANDSHAKE_TIMEOUT) {
            // A timeout proves the tampering only if the victim had read the flipped byte by then.
            long flipped = (initiatorIsVictim ? down : up).offset();
            Matcher m = Pattern.compile("having received (\\d+) bytes").matcher(victim.failure().getMessage());
            assertTrue(m.find(), victim.failure().getMessage());
            assertTrue(Long.parseLong(m.group(1)) > flipped, "the flipped byte arrived before the deadline: "
                    + victim.failure().getMessage());
        }
        assertFalse(victim.failure().suggestsV1Retry());
        assertTrue(other.failure() == null || other.reason() == Reason.CONNECTION_CLOSED,
                "the other side completes or sees the close: " + other.failure());
    }

    @ParameterizedTest(name = "cut after {0} bytes")
    @ValueSource(ints = {0, 1, 10, 15, 16, 63, 64, 64 + 5, 64 + GARBAGE, 64 + GARBAGE + 8, VERSION_PACKET + 10})
    void aConnectionCutAtAnyStageFailsAsClosed(int cutAfter) throws Exception {
        Side[] sides = throughRelay(TamperingRelay.Flip.NONE, TamperingRelay.Flip.NONE, cutAfter, LONG, LONG);
        assertEquals(Reason.CONNECTION_CLOSED, sides[1].reason());
        assertFalse(sides[1].failure().suggestsV1Retry(), "responders never retry");
        if (cutAfter < 64) {
            // The responder never gets the whole key, so it never replies: the initiator sees the close.
            assertEquals(Reason.CONNECTION_CLOSED, sides[0].reason());
        } else {
            // With the key in, the responder can send its key, garbage, terminator and version packet
            // at once, and the relay may pass them on before it closes: the initiator then completes
            // (it needs nothing more from the responder), or it sees the close.
            assertTrue(sides[0].failure() == null || sides[0].reason() == Reason.CONNECTION_CLOSED,
                    "initiator: " + sides[0].failure());
        }
        if (cutAfter == 0) {
            assertTrue(sides[0].failure().suggestsV1Retry(), "nothing received: Core would retry as v1");
        }
    }

    @Test
    void aPeerClosingAfterTheHandshakeIsAnEndOfStreamForTheReader() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Object> responder = serve(server, s -> TransportHandshake.accept(s,
                    config(TransportPolicy.V2_PREFERRED, 30).build()));
            try (Socket socket = dial(server.getLocalPort())) {
                TransportConnection c = TransportHandshake.initiate(socket, config(TransportPolicy.V2_PREFERRED, 31).build());
                responder.get(10, TimeUnit.SECONDS); // the responder's socket is closed now
                assertThrows(EOFException.class, () -> c.reader().read());
            }
        }
    }
}
