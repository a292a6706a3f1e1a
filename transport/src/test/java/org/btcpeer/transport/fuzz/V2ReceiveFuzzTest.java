package org.btcpeer.transport.fuzz;

import java.nio.ByteBuffer;
import java.util.Random;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.v2.V2FrameDecoder;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.transport.v2.V2GarbagePolicy;
import org.btcpeer.transport.v2.V2Session;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.DecodedPayload;
import org.btcpeer.wire.message.RawMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the v2 receive side. {@link #rawFromFirstByte} feeds arbitrary bytes to a responder with a
 * fixed key (v1 detection, key, garbage scan, terminator). {@link #packetsAfterHandshake} completes
 * a real handshake with fuzzer-chosen garbage, then encrypts fuzzer-chosen messages with the real
 * initiator cipher, so the responder's decrypt, type and decode paths are reached (a fuzzer cannot
 * forge tags) and each must decode to exactly what was sent. In {@link #rawFromFirstByte} the only
 * allowed failure is {@link TransportException}.
 */
class V2ReceiveFuzzTest {

    private static final ByteString MAGIC = NetworkParameters.MAINNET.magic();

    /**
     * @param data the bytes an initiator sends, from the first one
     */
    @FuzzTest(maxDuration = "10m")
    void rawFromFirstByte(byte[] data) {
        V2Handshake responder = V2Handshake.responder(MAGIC).random(new Random(1)).build();
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            responder.receive(in);
            if (responder.isComplete()) {
                drain(responder.session().decoder(), in);
            }
        } catch (TransportException expected) {
            // typed failure
        }
    }

    /**
     * Each honestly encrypted packet must come out of the responder as exactly what was sent: the
     * same command, the message and trailing-byte count that {@link Command#decodePayload} gives
     * for the sent payload (a raw message with the very payload for an unknown command), the
     * packet's size as its wire bytes, and nothing else; a payload over its command's cap or
     * malformed is that typed error, after which the stream stays in sync. Any other failure,
     * including an authentication failure, fails the target, and so does a handshake that does not
     * complete. The garbage is random bytes from a fuzzer-chosen seed, as an honest sender's are
     * (fuzzer-written garbage could embed the terminator, which no real sender does; the garbage
     * scan is fuzzed by {@link #rawFromFirstByte}).
     *
     * @param data garbage length and seed, then (known?, command selector, payload length, payload) tuples
     */
    @FuzzTest(maxDuration = "10m")
    void packetsAfterHandshake(FuzzedDataProvider data) throws TransportException {
        int garbageLength = data.consumeInt(0, V2Handshake.MAX_GARBAGE_LENGTH);
        byte[] garbageBytes = new byte[garbageLength];
        new Random(data.consumeLong()).nextBytes(garbageBytes);
        V2Handshake initiator = V2Handshake.initiator(MAGIC).random(new Random(2)).garbage(ByteString.wrap(garbageBytes)).build();
        V2Handshake responder = V2Handshake.responder(MAGIC).random(new Random(3))
                .garbagePolicy(V2GarbagePolicy.NONE).build();
        // Run the handshake in memory; it must complete: both sides are honest.
        for (int round = 0; round < 8 && !(initiator.isComplete() && responder.isComplete()); round++) {
            responder.receive(initiator.takeOutput().asReadOnlyBuffer());
            initiator.receive(responder.takeOutput().asReadOnlyBuffer());
        }
        responder.receive(initiator.takeOutput().asReadOnlyBuffer());
        assertTrue(initiator.isComplete() && responder.isComplete(),
                "an honest handshake with " + garbageLength + " bytes of garbage completes");
        V2Session sender = initiator.session();
        V2FrameDecoder receiver = responder.session().decoder();
        Command[] commands = Command.values();
        while (data.remainingBytes() > 0) {
            boolean known = data.consumeBoolean();
            Command command = known ? commands[data.consumeInt(0, commands.length - 1)] : null;
            String name = known ? command.wireName() : "fuzzcmd";
            ByteString payload = ByteString.wrap(data.consumeBytes(data.consumeInt(0, 4096)));
            ByteString packet = sender.encoder().encode(new RawMessage(name, payload));
            receiver.receive(packet.asReadOnlyBuffer());
            if (command == null) {
                assertEquals(new ReceivedMessage(new RawMessage(name, payload), packet.size()), receiver.poll());
            } else if (payload.size() > command.maxPayload()) {
                TransportException e = assertThrows(TransportException.class, receiver::poll);
                assertEquals(TransportException.Reason.OVERSIZED_MESSAGE, e.reason(), e.getMessage());
            } else {
                DecodedPayload expected;
                try {
                    expected = command.decodePayload(payload);
                } catch (WireException malformed) {
                    TransportException e = assertThrows(TransportException.class, receiver::poll);
                    assertEquals(TransportException.Reason.MALFORMED_PAYLOAD, e.reason(), e.getMessage());
                    continue;
                }
                assertEquals(new ReceivedMessage(expected.message(), packet.size(), expected.trailingBytes()), receiver.poll(),
                        name + " of " + payload.size() + " bytes");
            }
            assertNull(receiver.poll(), "one packet, one message");
        }
    }

    private static void drain(V2FrameDecoder decoder, ByteBuffer in) throws TransportException {
        while (in.hasRemaining()) {
            decoder.receive(in);
            while (true) {
                try {
                    if (decoder.poll() == null) {
                        break;
                    }
                } catch (TransportException e) {
                    if (e.reason() != TransportException.Reason.MALFORMED_PAYLOAD
                            && e.reason() != TransportException.Reason.OVERSIZED_MESSAGE) {
                        throw e;
                    }
                }
            }
        }
    }
}
