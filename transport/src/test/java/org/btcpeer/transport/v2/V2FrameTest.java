package org.btcpeer.transport.v2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.MessageFixtures;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The v2 application framing over a fixed key schedule: layout, registry mapping, Core's drop rules, caps. */
class V2FrameTest {

    private static final byte[] SECRET = new byte[32];
    private static final byte[] MAGIC = {(byte) 0xfa, (byte) 0xbf, (byte) 0xb5, (byte) 0xda};

    private V2OutboundCipher rawSender; // the same direction as encoder, for hand-made packets
    private V2FrameEncoder encoder;
    private V2FrameDecoder decoder;
    private V2InboundCipher rawReceiver;

    static {
        Arrays.fill(SECRET, (byte) 0x42);
    }

    /** Fresh halves of one direction: initiator sends, responder receives. */
    static V2SessionCiphers side(boolean initiating) {
        return V2SessionCiphers.fromKeys(SessionKeys.derive(SECRET, MAGIC), initiating);
    }

    @BeforeEach
    void setUp() {
        encoder = new V2FrameEncoder(side(true).outbound());
        decoder = new V2FrameDecoder(side(false).inbound());
        rawSender = side(true).outbound();
        rawReceiver = side(false).inbound();
    }

    /** Feeds bytes and returns the messages, propagating errors. */
    List<ReceivedMessage> feed(byte[] bytes, int chunk) throws TransportException {
        List<ReceivedMessage> out = new ArrayList<>();
        ByteBuffer all = ByteBuffer.wrap(bytes);
        while (all.hasRemaining()) {
            ByteBuffer part = all.slice(all.position(), Math.min(chunk, all.remaining()));
            all.position(all.position() + part.remaining());
            while (part.hasRemaining()) {
                decoder.receive(part);
                ReceivedMessage m;
                while ((m = decoder.poll()) != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** The decrypted contents (type byte onwards) of a packet produced by {@link #encoder}. */
    byte[] contentsOf(ByteString packet) throws V2CryptoException {
        byte[] p = packet.toByteArray();
        int length = rawReceiver.decryptLength(p, 0);
        assertEquals(p.length, V2PacketFormat.packetLength(length));
        assertEquals(0, rawReceiver.decrypt(p, 3, null, p, 3), "header byte: not a decoy");
        return Arrays.copyOfRange(p, 4, 4 + length);
    }

    /** A packet with hand-made contents, encrypted by the direction's next packet number. */
    byte[] packet(byte[] contents) {
        return rawSender.encrypt(contents, null, false);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        return V2HandshakeVectorTest.concat(parts);
    }

    static byte[] longType(String name) {
        byte[] t = new byte[13];
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, t, 1, n.length);
        return t;
    }

    @Test
    void aMessageWithAShortIdUsesOneTypeByte() throws Exception {
        ByteString packet = encoder.encode(new PingMessage(0x0102030405060708L));
        assertEquals(20 + 1 + 8, packet.size());
        assertEquals("12" + "0807060504030201", ByteString.wrap(contentsOf(packet)).hex());
    }

    @Test
    void aMessageWithoutAShortIdUsesTheLongForm() throws Exception {
        VersionMessage version = (VersionMessage) MessageFixtures.all().get(0).message();
        byte[] contents = contentsOf(encoder.encode(version));
        assertEquals("00" + ByteString.ofAscii("version").hex() + "0000000000", ByteString.wrap(contents, 0, 13).hex());
        assertEquals(version.payload(), ByteString.wrap(contents, 13, contents.length - 13));

        byte[] raw = contentsOf(encoder.encode(new RawMessage("abcdefghijkl", ByteString.fromHex("beef"))));
        assertEquals("00" + ByteString.ofAscii("abcdefghijkl").hex() + "beef", ByteString.wrap(raw).hex());
    }

    @Test
    void everyCommandWithAShortIdIsSentAndReceivedByIt() throws Exception {
        for (MessageFixtures.Fixture f : MessageFixtures.all()) {
            int id = f.message().command().shortIdOrZero();
            byte[] contents = contentsOf(encoder.encode(f.message()));
            assertEquals(id, contents[0] & 0xff, f.name());
        }
    }

    @Test
    void aPreEncodedMessageEncryptsToTheSameBytesAsItsTypedForm() {
        V2FrameEncoder typed = new V2FrameEncoder(side(true).outbound());
        V2FrameEncoder preEncoded = new V2FrameEncoder(side(true).outbound());
        for (MessageFixtures.Fixture f : MessageFixtures.all()) {
            Message m = f.message();
            assertEquals(typed.encode(m), preEncoded.encode(new RawMessage(m.commandName(), m.payload())), f.name());
        }
    }

    @ParameterizedTest(name = "chunks of {0}")
    @ValueSource(ints = {4096, 100_000, Integer.MAX_VALUE})
    void aLargePacketDecryptsTheSameWholeOrInPieces(int chunk) throws Exception {
        byte[] payload = new byte[700_000]; // beyond the 256 KiB reserve-ahead, so the body grows when in pieces
        new java.util.SplittableRandom(chunk).nextBytes(payload);
        RawMessage sent = new RawMessage("blob", ByteString.wrap(payload));
        ByteString packet = encoder.encode(sent);
        List<ReceivedMessage> got = feed(packet.toByteArray(), chunk);
        assertEquals(List.of(new ReceivedMessage(sent, packet.size())), got);
    }

    @ParameterizedTest(name = "chunks of {0}")
    @ValueSource(ints = {1, 7, 64, Integer.MAX_VALUE})
    void everyFixtureRoundTripsInAnyChunking(int chunk) throws Exception {
        List<Message> sent = new ArrayList<>();
        MessageFixtures.all().forEach(f -> sent.add(f.message()));
        sent.add(new RawMessage("somethingnew", ByteString.fromHex("00ff")));
        sent.add(new RawMessage("empty", ByteString.EMPTY));
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        for (Message m : sent) {
            sizes.add(encoder.encode(m, bytes -> bytes.writeTo(stream)));
        }
        List<ReceivedMessage> got = feed(stream.toByteArray(), chunk);
        assertEquals(sent, got.stream().map(ReceivedMessage::message).toList());
        assertEquals(sizes, got.stream().map(ReceivedMessage::wireBytes).toList(), "wire bytes per message");
    }

    @Test
    void eachMessageIsOneSinkWriteAndEachDecoyAnother() throws Exception {
        List<ByteString> writes = new ArrayList<>();
        assertEquals(29, encoder.encode(new PingMessage(1), writes::add));
        assertEquals(1, writes.size());

        V2FrameEncoder withDecoys = new V2FrameEncoder(side(true).outbound(), V2DecoyPolicy.fixed(0, 100), new Random(1));
        writes.clear();
        assertEquals(20 + 120 + 29, withDecoys.encode(new PingMessage(1), writes::add));
        assertEquals(List.of(20, 120, 29), writes.stream().map(ByteString::size).toList());
        assertEquals(2, withDecoys.decoysSent());
    }

    @Test
    void decoysBetweenMessagesAreDroppedAndCounted() throws Exception {
        List<ByteString> out = new ArrayList<>();
        encoder.encodeDecoy(0, out::add);
        encoder.encode(new PingMessage(1), out::add);
        encoder.encodeDecoy(5000, out::add);
        encoder.encodeDecoy(1, out::add);
        encoder.encode(new PingMessage(2), out::add);
        assertEquals(3, encoder.decoysSent());
        byte[] stream = out.stream().map(ByteString::toByteArray).reduce(new byte[0], V2FrameTest::concat);
        assertEquals(List.of(new PingMessage(1), new PingMessage(2)), feed(stream, 100).stream().map(ReceivedMessage::message).toList());
        assertEquals(3, decoder.decoysReceived());
        assertEquals(5, decoder.packetsReceived());
    }

    @Test
    void randomDecoyPolicyStaysWithinItsBounds() throws Exception {
        V2FrameEncoder withDecoys = new V2FrameEncoder(side(true).outbound(), V2DecoyPolicy.random(0.5, 300), new Random(2));
        List<ByteString> out = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            withDecoys.encode(new PingMessage(k), out::add);
        }
        assertTrue(withDecoys.decoysSent() > 10 && withDecoys.decoysSent() < 200, "about one decoy per message");
        assertTrue(out.stream().allMatch(b -> b.size() <= 320));
        byte[] stream = out.stream().map(ByteString::toByteArray).reduce(new byte[0], V2FrameTest::concat);
        assertEquals(50, feed(stream, 1000).size());
        assertEquals(withDecoys.decoysSent(), decoder.decoysReceived());
    }

    @Test
    void anUnassignedShortIdIsDroppedAndTheConnectionKept() throws Exception {
        byte[] stream = concat(packet(bytes(29)), packet(bytes(200, 1, 2, 3)), packet(bytes(255)),
                packet(concat(bytes(18), new byte[8])));
        assertEquals(List.of(new PingMessage(0)), feed(stream, 7).stream().map(ReceivedMessage::message).toList());
        assertEquals(3, decoder.unknownShortIds());
    }

    @Test
    void malformedMessageTypesAreDroppedAndTheConnectionKept() throws Exception {
        byte[] badTail = longType("ping");
        badTail[7] = 'x'; // a character after the NUL padding started
        byte[] nonPrintable = longType("pi\u0001g");
        byte[] del = longType("pi\u007fg");
        byte[] stream = concat(
                packet(new byte[0]),                       // empty contents: no type at all
                packet(bytes(0, 'p', 'i', 'n', 'g')),      // long form shorter than 13 bytes
                packet(badTail),
                packet(nonPrintable),
                packet(del),
                packet(new byte[13]),                      // an empty command
                packet(concat(longType("ping"), new byte[8])));
        assertEquals(List.of(new PingMessage(0)), feed(stream, 64).stream().map(ReceivedMessage::message).toList());
        assertEquals(6, decoder.malformedTypes());
    }

    @Test
    void aLengthAboveTheCapFailsOnItsThreeBytesBeforeAllocating() throws Exception {
        byte[] empty = rawSender.encrypt(new byte[0], null, false);
        int tooLong = V2FrameDecoder.MAX_CONTENTS_LENGTH + 1;
        for (int k = 0; k < 3; k++) {
            empty[k] ^= (byte) (tooLong >>> (8 * k));
        }
        decoder.receive(ByteBuffer.wrap(empty, 0, 2));
        assertEquals(1, decoder.wantedBytes());
        TransportException e = assertThrows(TransportException.class, () -> decoder.receive(ByteBuffer.wrap(empty, 2, 1)));
        assertEquals(Reason.OVERSIZED_MESSAGE, e.reason());
        assertEquals(1 + 12 + 4_000_000, V2FrameDecoder.MAX_CONTENTS_LENGTH);
    }

    @Test
    void aLengthAloneAllocatesNothing() throws Exception {
        byte[] header = rawSender.encrypt(new byte[0], null, false);
        int announced = 4_000_000;
        for (int k = 0; k < 3; k++) {
            header[k] ^= (byte) (announced >>> (8 * k)); // the empty packet's length was 0: now 4,000,000
        }
        List<V2FrameDecoder> held = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            held.add(new V2FrameDecoder(side(false).inbound()));
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (V2FrameDecoder d : held) {
            d.receive(ByteBuffer.wrap(header, 0, 3));
        }
        long perDecoder = (mx.getCurrentThreadAllocatedBytes() - before) / held.size();
        assertTrue(perDecoder < 1024, "allocated " + perDecoder + " bytes per announced 4 MB");
        assertEquals(V2PacketFormat.aeadLength(announced), held.get(0).wantedBytes());
    }

    @Test
    void directReadsGrowTheBodyWithTheBytesReceivedAndDeliverTheMessage() throws Exception {
        byte[] payload = new byte[1_500_000];
        new Random(7).nextBytes(payload);
        RawMessage sent = new RawMessage("blob", ByteString.wrap(payload));
        byte[] packet = encoder.encode(sent).toByteArray();
        decoder.receive(ByteBuffer.wrap(packet, 0, 3));
        Random reads = new Random(8);
        int at = 3;
        ByteBuffer target;
        while ((target = decoder.directTarget()) != null) {
            long received = at - 3;
            assertTrue(target.array().length <= Math.max(2 * received, received + V2PacketReader.RESERVE_AHEAD),
                    target.array().length + " bytes held after " + received + " received");
            int n = Math.min(target.remaining(), 1 + reads.nextInt(100_000)); // a socket read returns what it has
            target.put(packet, at, n);
            at += n;
            decoder.directReceived(n);
        }
        assertEquals(packet.length, at);
        assertEquals(new ReceivedMessage(sent, packet.length), decoder.poll());
        assertThrows(IllegalStateException.class, () -> decoder.directReceived(1), "no body in progress");
    }

    @Test
    void theLargestMessageFitsTheCapExactly() throws Exception {
        byte[] payload = new byte[Command.MAX_PAYLOAD];
        new Random(3).nextBytes(payload);
        RawMessage big = new RawMessage("bigthing", ByteString.wrap(payload));
        ByteString packet = encoder.encode(big);
        assertEquals(V2FrameDecoder.MAX_CONTENTS_LENGTH + 20, packet.size());
        decoder.receive(ByteBuffer.wrap(packet.toByteArray(), 0, 3 + 1000));
        assertEquals(V2FrameDecoder.MAX_CONTENTS_LENGTH + 17 - 1000, decoder.wantedBytes());
        decoder.receive(ByteBuffer.wrap(packet.toByteArray(), 3 + 1000, packet.size() - 1003));
        assertEquals(big, decoder.poll().message());

        RawMessage tooBig = new RawMessage("bigthing", ByteString.wrap(new byte[Command.MAX_PAYLOAD + 1]));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(tooBig));
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeDecoy(-1, b -> { }));
    }

    @Test
    void bytesAfterAKnownMessagesFieldsAreIgnoredAndReported() throws Exception {
        // A short-id ping and a long-form sendcmpct, each with bytes after its fields.
        byte[] ping = packet(concat(bytes(18), uint64Le(0x0102030405060708L), bytes(0xaa, 0xbb, 0xcc)));
        byte[] sendcmpct = packet(concat(longType("sendcmpct"), bytes(1, 2, 0, 0, 0, 0, 0, 0, 0), new byte[1024]));
        List<ReceivedMessage> got = feed(concat(ping, sendcmpct), 7);
        assertEquals(List.of(new ReceivedMessage(new PingMessage(0x0102030405060708L), ping.length, 3),
                new ReceivedMessage(new org.btcpeer.wire.message.SendCmpctMessage(true, 2), sendcmpct.length, 1024)), got);
    }

    private static byte[] uint64Le(long v) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    @Test
    void aPayloadAboveItsCommandsCapFailsWithTheStreamInSync() throws Exception {
        int over = Command.PING.maxPayload() + 1; // 8 + 1 KiB + 1
        byte[] stream = concat(packet(concat(bytes(18), new byte[over])), packet(concat(bytes(18), new byte[8])));
        ByteBuffer in = ByteBuffer.wrap(stream);
        decoder.receive(in);
        TransportException e = assertThrows(TransportException.class, decoder::poll);
        assertEquals(Reason.OVERSIZED_MESSAGE, e.reason());
        decoder.receive(in);
        assertEquals(new PingMessage(0), decoder.poll().message());
    }

    @Test
    void aMalformedPayloadFailsWithTheStreamInSync() throws Exception {
        byte[] stream = concat(packet(concat(bytes(18), new byte[7])), packet(concat(longType("ping"), new byte[8])));
        ByteBuffer in = ByteBuffer.wrap(stream);
        decoder.receive(in);
        TransportException e = assertThrows(TransportException.class, decoder::poll);
        assertEquals(Reason.MALFORMED_PAYLOAD, e.reason());
        assertInstanceOf(WireException.class, e.wireCause().orElseThrow());
        decoder.receive(in);
        assertEquals(new PingMessage(0), decoder.poll().message());
        assertNull(decoder.poll());
    }
}
