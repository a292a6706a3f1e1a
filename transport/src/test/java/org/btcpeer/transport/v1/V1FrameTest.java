package org.btcpeer.transport.v1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.MessageFixtures;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.btcpeer.wire.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class V1FrameTest {

    private static final ByteString MAIN = NetworkParameters.MAINNET.magic();

    // Mainnet verack: magic, "verack" NUL-padded, length 0, checksum of the empty payload (5df6e0e2).
    private static final String VERACK_FRAME = "f9beb4d9 | 76657261636b000000000000 | 00000000 | 5df6e0e2";
    // Mainnet ping with nonce 0x0102030405060708; checksum = SHA256d(0807060504030201)[0..4].
    private static final String PING_PAYLOAD = "0807060504030201";

    private static List<ReceivedMessage> feed(V1FrameDecoder d, ByteString bytes, int chunk) throws TransportException {
        List<ReceivedMessage> out = new ArrayList<>();
        ByteBuffer in = bytes.asReadOnlyBuffer();
        while (in.hasRemaining()) {
            ByteBuffer part = in.slice(in.position(), Math.min(chunk, in.remaining()));
            in.position(in.position() + part.remaining());
            while (part.hasRemaining()) {
                d.receive(part);
                ReceivedMessage m;
                while ((m = d.poll()) != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    @Test
    void verackFrameIsExact() throws TransportException {
        assertEquals(hex(VERACK_FRAME), new V1FrameEncoder(MAIN).encode(VerackMessage.INSTANCE));
        List<ReceivedMessage> got = feed(new V1FrameDecoder(MAIN), hex(VERACK_FRAME), 1);
        assertEquals(List.of(new ReceivedMessage(VerackMessage.INSTANCE, 24)), got);
    }

    @Test
    void pingFrameHasTheDoubleSha256Checksum() {
        ByteString frame = new V1FrameEncoder(MAIN).encode(new PingMessage(0x0102030405060708L));
        String checksum = org.btcpeer.wire.Hash256.doubleSha256(hex(PING_PAYLOAD)).toInternalHex().substring(0, 8);
        assertEquals("f9beb4d9" + "70696e670000000000000000" + "08000000" + checksum + PING_PAYLOAD, frame.hex());
    }

    @ParameterizedTest(name = "{0} payload bytes")
    @CsvSource({"65535", "65536", "300000"})
    void aLargePreEncodedPayloadIsWrittenAfterItsHeaderNotCopied(int size) throws Exception {
        byte[] payload = new byte[size];
        new java.util.SplittableRandom(size).nextBytes(payload);
        RawMessage message = new RawMessage("blob", ByteString.wrap(payload));
        V1FrameEncoder enc = new V1FrameEncoder(MAIN);
        List<ByteString> writes = new ArrayList<>();
        assertEquals(24 + size, enc.encode(message, writes::add));
        boolean separate = size >= V1FrameEncoder.SEPARATE_PAYLOAD_MIN;
        assertEquals(separate ? 2 : 1, writes.size());
        if (separate) {
            assertEquals(24, writes.get(0).size());
            writes.get(1).readInPlace((array, offset, length) -> {
                assertTrue(array == payload, "the payload is written from where it lies");
                return length;
            });
        }
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (ByteString w : writes) {
            w.writeTo(joined);
        }
        assertEquals(enc.encode(message), ByteString.wrap(joined.toByteArray()), "the same frame either way");
        List<ReceivedMessage> got = feed(new V1FrameDecoder(MAIN), ByteString.wrap(joined.toByteArray()), 4096);
        assertEquals(List.of(new ReceivedMessage(message, 24 + size)), got);
    }

    @Test
    void aLargePayloadSentAgainHasTheSameExactFrameAndEveryPayloadItsOwnChecksum() throws Exception {
        byte[] a = new byte[100_000];
        byte[] b = new byte[100_000];
        new java.util.SplittableRandom(5).nextBytes(a);
        new java.util.SplittableRandom(6).nextBytes(b);
        // the same length twice, and a view of a's array one byte on: a checksum remembered for
        // other bytes (another payload, another range of the same array) must never be sent
        List<ByteString> payloads = List.of(ByteString.wrap(a), ByteString.wrap(b), ByteString.wrap(a),
                ByteString.wrap(a, 1, a.length - 1), ByteString.wrap(b));
        V1FrameEncoder shared = new V1FrameEncoder(MAIN);
        for (ByteString payload : payloads) {
            byte[] copy = payload.toByteArray(); // hashed here on a private copy, as the peer checks it
            String checksum = org.btcpeer.wire.Hash256.doubleSha256(copy, 0, copy.length).toInternalHex().substring(0, 8);
            String lengthLe = String.format("%02x%02x%02x00", copy.length & 0xff, (copy.length >> 8) & 0xff, copy.length >> 16);
            ByteString expected = ByteString.fromHex("f9beb4d9" + "626c6f620000000000000000" + lengthLe + checksum
                    + ByteString.wrap(copy).hex());
            for (V1FrameEncoder enc : List.of(shared, new V1FrameEncoder(MAIN))) {
                java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
                enc.encode(new RawMessage("blob", payload), w -> w.writeTo(joined));
                assertEquals(expected, ByteString.wrap(joined.toByteArray()));
            }
        }
    }

    @Test
    void directReadsGrowWithTheBytesReceivedAndAreChecksummedAsTheyArrive() throws Exception {
        byte[] payload = new byte[700_000];
        new java.util.SplittableRandom(3).nextBytes(payload);
        RawMessage sent = new RawMessage("blob", ByteString.wrap(payload));
        byte[] good = new V1FrameEncoder(MAIN).encode(sent).toByteArray();
        byte[] bad = good.clone();
        bad[V1Header.CHECKSUM_OFFSET] ^= 1;
        V1FrameDecoder d = new V1FrameDecoder(MAIN);
        java.util.SplittableRandom reads = new java.util.SplittableRandom(4);
        List<ReceivedMessage> got = new ArrayList<>();
        for (byte[] frame : List.of(bad, good)) { // the failed checksum must not leak into the next frame's digest
            d.receive(ByteBuffer.wrap(frame, 0, V1Header.SIZE));
            int at = V1Header.SIZE;
            ByteBuffer target;
            while ((target = d.directTarget()) != null) {
                long received = at - V1Header.SIZE;
                assertTrue(target.array().length <= Math.max(2 * received, received + V1FrameDecoder.RESERVE_AHEAD),
                        target.array().length + " bytes held after " + received + " received");
                int n = Math.min(target.remaining(), reads.nextInt(1, 100_000));
                target.put(frame, at, n);
                at += n;
                d.directReceived(n);
            }
            ReceivedMessage m = d.poll();
            if (m != null) {
                got.add(m);
            }
        }
        assertEquals(1, d.checksumFailures());
        assertEquals(List.of(new ReceivedMessage(sent, good.length)), got);
    }

    @ParameterizedTest(name = "chunks of {0}")
    @CsvSource({"1", "3", "24", "25", "1000"})
    void everyFixtureSurvivesAnyChunking(int chunk) throws TransportException {
        V1FrameEncoder enc = new V1FrameEncoder(MAIN);
        StringBuilder stream = new StringBuilder();
        List<org.btcpeer.wire.message.Message> sent = new ArrayList<>();
        for (MessageFixtures.Fixture f : MessageFixtures.all()) {
            stream.append(enc.encode(f.message()).hex());
            sent.add(f.message());
        }
        List<ReceivedMessage> got = feed(new V1FrameDecoder(MAIN), ByteString.fromHex(stream.toString()), chunk);
        assertEquals(sent, got.stream().map(ReceivedMessage::message).toList());
    }

    @Test
    void wrongMagicIsFatal() {
        TransportException e = assertThrows(TransportException.class,
                () -> feed(new V1FrameDecoder(MAIN), hex(VERACK_FRAME.replace("f9beb4d9", "0b110907")), 100));
        assertEquals(Reason.BAD_MAGIC, e.reason());
        assertTrue(e.getMessage().contains("0b110907"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "76657200636b000000000000", // NUL inside the name
            "76657261636b0000000000ff", // non-NUL after the padding started
            "000000000000000000000000", // empty name
            "7665726163ff000000000000", // non-ASCII
            "0a6572616300000000000000", // control character
    })
    void malformedCommandFieldIsFatal(String command) {
        TransportException e = assertThrows(TransportException.class,
                () -> feed(new V1FrameDecoder(MAIN), hex("f9beb4d9" + command + "00000000 5df6e0e2"), 100));
        assertEquals(Reason.BAD_COMMAND, e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ffffffff, 696e76000000000000000000",   // 4 GiB inv
            "01093d00, 626c6f636b00000000000000",   // 4,000,001-byte block
            "01093d00, 756e6b6e6f776e0000000000",   // 4,000,001 bytes of an unknown command
            "09040000, 70696e670000000000000000",   // 1,033-byte ping: 8 + 1 KiB is its cap
            "01040000, 76657261636b000000000000",   // 1,025-byte verack: 1 KiB is its cap
    })
    void oversizedLengthIsFatalBeforeThePayloadArrives(String lengthLe, String command) {
        // Only the 24-byte header is fed: the decision must not wait for (or allocate) the payload.
        V1FrameDecoder d = new V1FrameDecoder(MAIN);
        TransportException e = assertThrows(TransportException.class,
                () -> d.receive(hex("f9beb4d9" + command + lengthLe + "00000000").asReadOnlyBuffer()));
        assertEquals(Reason.OVERSIZED_MESSAGE, e.reason());
    }

    @ParameterizedTest(name = "{0} trailing bytes")
    @CsvSource({"1", "3", "1024"})
    void bytesAfterAKnownMessagesFieldsAreIgnoredAndReported(int n) throws TransportException {
        // A ping with n bytes after its nonce, as a future BIP might extend it: the frame is exact
        // bytes (magic, command, length, checksum of the extended payload, payload).
        String payload = PING_PAYLOAD + "ab".repeat(n);
        String checksum = org.btcpeer.wire.Hash256.doubleSha256(hex(payload)).toInternalHex().substring(0, 8);
        String length = String.format("%02x%02x0000", (8 + n) & 0xff, (8 + n) >> 8);
        List<ReceivedMessage> got = feed(new V1FrameDecoder(MAIN),
                hex("f9beb4d9 70696e670000000000000000" + length + checksum + payload + VERACK_FRAME), 5);
        assertEquals(List.of(new ReceivedMessage(new PingMessage(0x0102030405060708L), 24 + 8 + n, n),
                new ReceivedMessage(VerackMessage.INSTANCE, 24, 0)), got);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "00040000, 76657261636b000000000000",   // 1,024-byte verack
            "08040000, 70696e670000000000000000",   // 1,032-byte ping
            "09040000, 73656e64636d706374000000",   // 1,033-byte sendcmpct
    })
    void aHeaderAtTheCapIsAccepted(String lengthLe, String command) throws TransportException {
        V1FrameDecoder d = new V1FrameDecoder(MAIN);
        d.receive(hex("f9beb4d9" + command + lengthLe + "00000000").asReadOnlyBuffer());
        assertNull(d.poll());
        assertTrue(d.wantedBytes() > 1000, "waiting for the payload");
    }

    @Test
    void badChecksumDropsTheMessageAndKeepsTheConnection() throws TransportException {
        V1FrameDecoder d = new V1FrameDecoder(MAIN);
        String badPing = "f9beb4d9 70696e670000000000000000 08000000 00000000" + PING_PAYLOAD;
        List<ReceivedMessage> got = feed(d, hex(badPing + VERACK_FRAME), 7);
        assertEquals(List.of(new ReceivedMessage(VerackMessage.INSTANCE, 24)), got);
        assertEquals(1, d.checksumFailures());
    }

    @Test
    void malformedPayloadNamesTheFieldAndKeepsTheStreamInSync() throws TransportException {
        // An inv whose count says 2 but holds nothing; checksum of "02" = SHA256d(02)[0..4].
        String checksum = org.btcpeer.wire.Hash256.doubleSha256(hex("02")).toInternalHex().substring(0, 8);
        V1FrameDecoder d = new V1FrameDecoder(MAIN);
        ByteBuffer in = hex("f9beb4d9 696e76000000000000000000 01000000" + checksum + "02" + VERACK_FRAME).asReadOnlyBuffer();
        d.receive(in);
        TransportException e = assertThrows(TransportException.class, d::poll);
        assertEquals(Reason.MALFORMED_PAYLOAD, e.reason());
        assertEquals("count", e.wireCause().orElseThrow().field());
        assertEquals(24, in.remaining(), "the decoder stopped at the frame boundary");
        d.receive(in);
        assertEquals(new ReceivedMessage(VerackMessage.INSTANCE, 24), d.poll());
    }

    @Test
    void aHeaderAnnouncing4MbDoesNotAllocate4Mb() throws TransportException {
        // 1,000 decoders each given only a block header announcing 4,000,000 bytes: Core reserves
        // at most 256 KiB ahead, and so do we, so this stays far below 1,000 x 4 MB.
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        List<V1FrameDecoder> held = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            V1FrameDecoder d = new V1FrameDecoder(MAIN);
            d.receive(hex("f9beb4d9 626c6f636b00000000000000 00093d00 00000000").asReadOnlyBuffer());
            held.add(d);
        }
        long perDecoder = (mx.getCurrentThreadAllocatedBytes() - before) / held.size();
        assertTrue(perDecoder <= V1FrameDecoder.RESERVE_AHEAD + 4096, "allocated " + perDecoder + " bytes per announced 4 MB");
    }

    @Test
    void unknownCommandsArriveRaw() throws TransportException {
        RawMessage raw = new RawMessage("xyz", hex("0102"));
        ByteString frame = new V1FrameEncoder(MAIN).encode(raw);
        ReceivedMessage got = feed(new V1FrameDecoder(MAIN), frame, 5).get(0);
        assertEquals(raw, assertInstanceOf(RawMessage.class, got.message()));
    }

    @Test
    void partialHeaderIsNotAnError() throws TransportException {
        V1FrameDecoder d = new V1FrameDecoder(MAIN);
        d.receive(hex("f9beb4d9 7665").asReadOnlyBuffer());
        assertNull(d.poll());
        assertEquals(18, d.wantedBytes());
        assertFalse(Command.byName("verack").isEmpty());
    }
}
