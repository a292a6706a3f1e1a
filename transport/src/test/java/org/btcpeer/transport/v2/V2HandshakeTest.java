package org.btcpeer.transport.v2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.MessageFixtures;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handshake state machines of both sides wired together in memory, with deterministic randomness. */
class V2HandshakeTest {

    static final ByteString MAGIC = NetworkParameters.REGTEST.magic();
    static final int ALL = Integer.MAX_VALUE;

    static V2Handshake.Builder initiator(long seed) {
        return V2Handshake.initiator(MAGIC).random(new Random(seed));
    }

    static V2Handshake.Builder responder(long seed) {
        return V2Handshake.responder(MAGIC).random(new Random(seed));
    }

    static List<Message> fixtures() {
        return MessageFixtures.all().stream().map(f -> (Message) f.message()).toList();
    }

    static byte[] encodeAll(V2FrameEncoder encoder, List<Message> messages) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Message m : messages) {
            encoder.encode(m, bytes -> bytes.writeTo(out));
        }
        return out.toByteArray();
    }

    static List<Message> decodeAll(V2FrameDecoder decoder, byte[] bytes, int chunk) throws TransportException {
        List<Message> out = new ArrayList<>();
        ByteBuffer all = ByteBuffer.wrap(bytes);
        while (all.hasRemaining()) {
            ByteBuffer part = all.slice(all.position(), Math.min(chunk, all.remaining()));
            all.position(all.position() + part.remaining());
            while (part.hasRemaining()) {
                decoder.receive(part);
                ReceivedMessage m;
                while ((m = decoder.poll()) != null) {
                    out.add(m.message());
                }
            }
        }
        return out;
    }

    static Stream<Arguments> chunksAndGarbage() {
        List<Arguments> out = new ArrayList<>();
        for (int chunk : new int[]{1, 7, 64, ALL}) {
            for (int garbage : new int[]{0, 1, 4095}) {
                out.add(Arguments.of(chunk, garbage));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "chunks of {0}, garbage {1}")
    @MethodSource("chunksAndGarbage")
    void bothSidesCompleteAndCarryEveryMessage(int chunk, int garbage) throws Exception {
        V2Handshake i = initiator(1).garbagePolicy(V2GarbagePolicy.fixed(garbage)).build();
        V2Handshake r = responder(2).garbagePolicy(V2GarbagePolicy.fixed(4095 - garbage)).build();
        assertEquals(V2Handshake.State.KEY, i.state());
        assertEquals(V2Handshake.State.KEY_MAYBE_V1, r.state());
        assertFalse(r.hasOutput(), "a responder that allows v1 sends nothing before the first byte");

        InMemoryLink link = new InMemoryLink(i, r);
        link.run(chunk);

        assertTrue(i.isComplete());
        assertTrue(r.isComplete());
        assertEquals(i.session().sessionId(), r.session().sessionId());
        assertEquals(64 + garbage + 16 + 20, i.bytesSent());
        assertEquals(64 + (4095 - garbage) + 16 + 20, r.bytesSent());
        assertEquals(i.bytesSent(), r.bytesReceived());
        assertEquals(r.bytesSent(), i.bytesReceived());
        assertEquals(0, link.up.rest().length);
        assertEquals(0, link.down.rest().length);

        List<Message> sent = fixtures();
        assertEquals(sent, decodeAll(r.session().decoder(), encodeAll(i.session().encoder(), sent), chunk));
        assertEquals(sent, decodeAll(i.session().decoder(), encodeAll(r.session().encoder(), sent), chunk));
    }

    @Test
    void sameSeedsReplayTheSameBytes() throws Exception {
        List<String> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            V2Handshake i = initiator(7).build();
            V2Handshake r = responder(8).build();
            InMemoryLink link = new InMemoryLink(i, r);
            ByteString first = i.takeOutput();
            link.up.append(first);
            link.run(ALL);
            runs.add(first.hex() + "/" + i.session().sessionId().hex());
        }
        assertEquals(runs.get(0), runs.get(1));
    }

    @Test
    void decoysMayPrecedeTheVersionPacketAndEveryMessage() throws Exception {
        V2Handshake i = initiator(3).decoyPolicy(V2DecoyPolicy.fixed(0, 5, 1000)).build();
        V2Handshake r = responder(4).decoyPolicy(V2DecoyPolicy.fixed(3)).build();
        new InMemoryLink(i, r).run(7);
        assertTrue(i.isComplete() && r.isComplete());
        assertEquals(3, r.decoysReceived());
        assertEquals(1, i.decoysReceived());
        assertEquals(64 + i.garbage().size() + 16 + (20 + 25 + 1020) + 20, i.bytesSent());

        List<Message> sent = fixtures();
        V2FrameDecoder atResponder = r.session().decoder();
        assertEquals(sent, decodeAll(atResponder, encodeAll(i.session().encoder(), sent), 64));
        assertEquals(3L * sent.size(), atResponder.decoysReceived());
        assertEquals(3L * sent.size(), i.session().encoder().decoysSent());
        V2FrameDecoder atInitiator = i.session().decoder();
        assertEquals(sent, decodeAll(atInitiator, encodeAll(r.session().encoder(), sent), 1));
        assertEquals(sent.size(), atInitiator.decoysReceived());
    }

    @Test
    void bytesAfterTheVersionPacketAreLeftForTheApplication() throws Exception {
        V2Handshake i = initiator(5).build();
        V2Handshake r = responder(6).build();
        ByteBuffer keyAndGarbage = i.takeOutput().asReadOnlyBuffer();
        r.receive(keyAndGarbage);
        assertFalse(keyAndGarbage.hasRemaining());
        i.receive(r.takeOutput().asReadOnlyBuffer());
        assertTrue(i.isComplete());

        ByteString terminatorAndVersion = i.takeOutput();
        ByteString app = i.session().encoder().encode(new PingMessage(42));
        byte[] together = new byte[terminatorAndVersion.size() + app.size()];
        terminatorAndVersion.copyTo(together, 0);
        app.copyTo(together, terminatorAndVersion.size());
        ByteBuffer in = ByteBuffer.wrap(together);
        r.receive(in);

        assertTrue(r.isComplete());
        assertEquals(app.size(), in.remaining(), "the handshake consumes exactly up to its version packet");
        V2FrameDecoder decoder = r.session().decoder();
        decoder.receive(in);
        assertEquals(new PingMessage(42), decoder.poll().message());
        r.receive(ByteBuffer.wrap(new byte[5])); // a completed handshake consumes nothing more
        assertEquals(V2Handshake.State.APP, r.state());
    }

    @ParameterizedTest(name = "chunks of {0}")
    @ValueSource(ints = {1, 7, 16, ALL})
    void responderHandsAV1PeerOverWithTheBytesItRead(int chunk) throws Exception {
        V1FrameEncoder v1 = new V1FrameEncoder(MAGIC);
        VersionMessage version = (VersionMessage) MessageFixtures.all().get(0).message();
        byte[] stream = concat(v1.encode(version), v1.encode(VerackMessage.INSTANCE));
        V2Handshake r = responder(9).build();

        ByteBuffer in = ByteBuffer.wrap(stream);
        while (!r.detectedV1()) {
            ByteBuffer part = in.slice(in.position(), Math.min(chunk, in.remaining()));
            r.receive(part);
            in.position(in.position() + part.position());
            if (part.hasRemaining()) {
                break;
            }
        }
        assertTrue(r.detectedV1());
        assertEquals(V2Handshake.State.V1, r.state());
        assertEquals(16, in.position(), "a responder reads at most V1_PREFIX_LEN bytes while undecided");
        assertEquals(ByteString.wrap(stream, 0, 16), r.v1Prefix());
        assertEquals(0, r.bytesSent(), "nothing was sent to the v1 peer");
        assertFalse(r.hasOutput());

        V1FrameDecoder decoder = V1FrameDecoder.withPrefix(MAGIC, r.v1Prefix());
        decoder.receive(in);
        assertEquals(version, decoder.poll().message());
        decoder.receive(in);
        assertEquals(VerackMessage.INSTANCE, decoder.poll().message());
    }

    @ParameterizedTest(name = "first difference at byte {0}")
    @ValueSource(ints = {0, 3, 4, 10, 15})
    void responderSwitchesToV2AtTheFirstByteThatDiffers(int differing) throws Exception {
        byte[] prefix = v1Prefix(MAGIC);
        prefix[differing] ^= 0x20;
        V2Handshake r = responder(10).build();
        for (int k = 0; k < differing; k++) {
            r.receive(ByteBuffer.wrap(prefix, k, 1));
            assertEquals(V2Handshake.State.KEY_MAYBE_V1, r.state());
            assertFalse(r.hasOutput());
        }
        r.receive(ByteBuffer.wrap(prefix, differing, 1));
        assertEquals(V2Handshake.State.KEY, r.state());
        ByteString out = r.takeOutput();
        assertEquals(64 + r.garbage().size(), out.size(), "key and garbage go out at the first differing byte");
        assertEquals(r.ourKey(), out.slice(0, 64));
    }

    @ParameterizedTest(name = "v1 allowed: {0}")
    @ValueSource(booleans = {true, false})
    void aV1VersionHeaderFromAnotherNetworkIsRefused(boolean allowV1) throws Exception {
        byte[] header = v1Prefix(NetworkParameters.TESTNET3.magic());
        V2Handshake r = responder(11).allowV1(allowV1).build();
        r.receive(ByteBuffer.wrap(header, 0, 15));
        assertEquals(V2Handshake.State.KEY, r.state());
        assertEquals(64 + r.garbage().size(), r.takeOutput().size(), "Core sends its key at the first mismatch, byte 0");
        TransportException e = assertThrows(TransportException.class, () -> r.receive(ByteBuffer.wrap(header, 15, 1)));
        assertEquals(Reason.V1_PEER_WRONG_NETWORK, e.reason());
        assertFalse(e.suggestsV1Retry());
        assertEquals(V2Handshake.State.FAILED, r.state());
        assertThrows(IllegalStateException.class, () -> r.receive(ByteBuffer.wrap(new byte[1])));
    }

    @Test
    void aResponderThatRefusesV1SendsItsKeyAtOnceAndRefusesAV1Peer() throws Exception {
        V2Handshake r = responder(12).allowV1(false).build();
        assertEquals(V2Handshake.State.KEY, r.state());
        assertEquals(64 + r.garbage().size(), r.takeOutput().size());
        TransportException e = assertThrows(TransportException.class, () -> r.receive(ByteBuffer.wrap(v1Prefix(MAGIC))));
        assertEquals(Reason.POLICY_MISMATCH, e.reason());
    }

    @Test
    void theInitiatorDoesNotLookForV1Headers() throws Exception {
        // Core applies the wrong-network check to responders only; to an initiator these are key bytes.
        V2Handshake i = initiator(13).build();
        i.receive(ByteBuffer.wrap(v1Prefix(NetworkParameters.TESTNET3.magic())));
        assertEquals(V2Handshake.State.KEY, i.state());
    }

    @Test
    void garbageWithoutTerminatorFailsAfter4095PlusSixteenBytes() throws Exception {
        V2Handshake i = initiator(14).build();
        V2Handshake r = responder(15).allowV1(false).build();
        i.receive(ByteBuffer.wrap(r.takeOutput().slice(0, 64).toByteArray()));
        assertEquals(V2Handshake.State.GARB_GARBTERM, i.state());
        byte[] noise = new byte[4095 + 16];
        new Random(16).nextBytes(noise);
        i.receive(ByteBuffer.wrap(noise, 0, noise.length - 1));
        assertEquals(V2Handshake.State.GARB_GARBTERM, i.state());
        TransportException e = assertThrows(TransportException.class,
                () -> i.receive(ByteBuffer.wrap(noise, noise.length - 1, 1)));
        assertEquals(Reason.GARBAGE_TOO_LONG, e.reason());
    }

    @Test
    void garbageWithoutTerminatorInOneInputFailsWithoutWaitingForMore() throws Exception {
        V2Handshake i = initiator(14).build();
        V2Handshake r = responder(15).allowV1(false).build();
        i.receive(ByteBuffer.wrap(r.takeOutput().slice(0, 64).toByteArray()));
        byte[] noise = new byte[4095 + 16];
        new Random(16).nextBytes(noise);
        TransportException e = assertThrows(TransportException.class, () -> i.receive(ByteBuffer.wrap(noise)));
        assertEquals(Reason.GARBAGE_TOO_LONG, e.reason());
    }

    @Test
    void garbageSplitAfterAPartialTerminatorIsStillFound() throws Exception {
        V2Handshake i = initiator(17).garbagePolicy(V2GarbagePolicy.fixed(100)).build();
        V2Handshake r = responder(18).allowV1(false).garbagePolicy(V2GarbagePolicy.fixed(100)).build();
        byte[] rOut = r.takeOutput().toByteArray();
        r.receive(i.takeOutput().asReadOnlyBuffer());
        byte[] rest = r.takeOutput().toByteArray(); // terminator, then the version packet
        i.receive(ByteBuffer.wrap(rOut)); // key and all the garbage, no terminator yet
        i.receive(ByteBuffer.wrap(rest, 0, 8)); // half the terminator: buffered
        assertEquals(V2Handshake.State.GARB_GARBTERM, i.state());
        i.receive(ByteBuffer.wrap(rest, 8, rest.length - 8));
        assertTrue(i.isComplete());
    }

    static Stream<Arguments> garbageChunksAndBuffers() {
        List<Arguments> out = new ArrayList<>();
        for (int garbage : new int[]{0, 14, 15, 16, 17, 4095}) {
            for (int chunk : new int[]{1, 15, 16, 17, 100, ALL}) {
                for (boolean readOnly : new boolean[]{false, true}) {
                    out.add(Arguments.of(garbage, chunk, readOnly));
                }
            }
        }
        return out.stream();
    }

    /**
     * The peer's garbage is authenticated as it arrives, never stored: in any chunking, from buffers
     * with and without an accessible array, and a flipped garbage byte anywhere (also among the last
     * 15, held back in case they begin the terminator) fails the first packet's tag.
     */
    @ParameterizedTest(name = "garbage {0}, chunks of {1}, read-only {2}")
    @MethodSource("garbageChunksAndBuffers")
    void theGarbageIsAuthenticatedAsItArrives(int garbage, int chunk, boolean readOnly) throws Exception {
        List<Integer> flips = new ArrayList<>(List.of(-1));
        for (int at : new int[]{0, garbage / 2, garbage - 16, garbage - 15, garbage - 1}) {
            if (at >= 0 && at < garbage && !flips.contains(at)) {
                flips.add(at);
            }
        }
        for (int flip : flips) {
            V2Handshake i = initiator(20).build();
            V2Handshake r = responder(21).allowV1(false).garbagePolicy(V2GarbagePolicy.fixed(garbage)).build();
            byte[] keyAndGarbage = r.takeOutput().toByteArray();
            r.receive(i.takeOutput().asReadOnlyBuffer());
            byte[] stream = concat(keyAndGarbage, r.takeOutput().toByteArray());
            if (flip >= 0) {
                stream[64 + flip] ^= 0x04;
            }
            TransportException failure = null;
            try {
                for (int at = 0; at < stream.length && !i.isComplete(); ) {
                    int n = Math.min(chunk, stream.length - at);
                    ByteBuffer in = ByteBuffer.wrap(stream, at, n);
                    ByteBuffer given = readOnly ? in.slice().asReadOnlyBuffer() : in;
                    int before = given.position();
                    i.receive(given);
                    at += given.position() - before;
                }
            } catch (TransportException e) {
                failure = e;
            }
            if (flip < 0) {
                assertTrue(i.isComplete(), "untampered");
                assertEquals(stream.length, i.bytesReceived());
            } else {
                assertEquals(Reason.AUTHENTICATION_FAILED, failure == null ? null : failure.reason(), "garbage byte " + flip);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aVersionPacketLengthAboveTheCapFailsOnItsThreeLengthBytes() throws Exception {
        V2Handshake i = initiator(17).build();
        V2Handshake r = responder(18).garbagePolicy(V2GarbagePolicy.fixed(10)).build();
        r.receive(i.takeOutput().asReadOnlyBuffer());
        byte[] fromResponder = r.takeOutput().toByteArray();
        int lengthAt = 64 + 10 + 16;
        assertEquals(lengthAt + 20, fromResponder.length);
        // The version packet announces 0 contents bytes; XOR turns the encrypted 0 into cap + 1.
        int tooLong = V2FrameDecoder.MAX_CONTENTS_LENGTH + 1;
        for (int k = 0; k < 3; k++) {
            fromResponder[lengthAt + k] ^= (byte) (tooLong >>> (8 * k));
        }
        i.receive(ByteBuffer.wrap(fromResponder, 0, lengthAt + 2));
        assertEquals(V2Handshake.State.VERSION, i.state());
        TransportException e = assertThrows(TransportException.class,
                () -> i.receive(ByteBuffer.wrap(fromResponder, lengthAt + 2, 1)));
        assertEquals(Reason.OVERSIZED_MESSAGE, e.reason());
    }

    @Test
    void privateKeyGenerationRetriesUntilValid() {
        // The first draw is all 0xff (above the group order n), the second is valid.
        byte[][] draws = {filled(0xff), filled(0x01)};
        java.util.random.RandomGenerator scripted = new java.util.random.RandomGenerator() {
            int calls;

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(draws[calls++], 0, bytes, 0, 32);
            }
        };
        assertArrayEquals(filled(0x01), V2EphemeralKey.generatePrivateKey(scripted));
        assertThrows(IllegalArgumentException.class, () -> V2EphemeralKey.of(new byte[32], ByteString.wrap(new byte[64])));
        V2EphemeralKey key = V2EphemeralKey.generate(new Random(19));
        assertThrows(IllegalArgumentException.class, () -> V2EphemeralKey.of(filled(0x01), key.ellswift()));
    }

    @Test
    void shouldReconnectV1FollowsCore() throws Exception {
        V2Handshake i = initiator(20).build();
        assertFalse(i.shouldReconnectV1(), "nothing sent yet");
        i.takeOutput();
        assertTrue(i.shouldReconnectV1(), "key sent, nothing received");
        i.receive(ByteBuffer.wrap(new byte[1]));
        assertFalse(i.shouldReconnectV1(), "one byte received: the peer is not a v1 node that hung up");

        V2Handshake r = responder(21).allowV1(false).build();
        r.takeOutput();
        assertFalse(r.shouldReconnectV1(), "only initiators reconnect");
    }

    static byte[] v1Prefix(ByteString magic) {
        byte[] p = new byte[16];
        magic.copyTo(p, 0);
        System.arraycopy("version".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, p, 4, 7);
        return p;
    }

    static byte[] concat(ByteString a, ByteString b) {
        byte[] out = Arrays.copyOf(a.toByteArray(), a.size() + b.size());
        b.copyTo(out, a.size());
        return out;
    }

    static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
