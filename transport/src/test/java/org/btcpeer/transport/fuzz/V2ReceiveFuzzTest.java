package org.btcpeer.transport.fuzz;

import java.nio.ByteBuffer;
import java.util.Random;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.v2.V2FrameDecoder;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.transport.v2.V2GarbagePolicy;
import org.btcpeer.transport.v2.V2Session;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.RawMessage;

/**
 * Fuzzes the v2 receive side. {@link #rawFromFirstByte} feeds arbitrary bytes to a responder with a
 * fixed key (v1 detection, key, garbage scan, terminator). {@link #packetsAfterHandshake} completes
 * a real handshake with fuzzer-chosen garbage, then encrypts fuzzer-chosen messages with the real
 * initiator cipher, so the responder's decrypt, type and decode paths are reached (a fuzzer cannot
 * forge tags). The only allowed failure is {@link TransportException}.
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
     * @param data garbage length and bytes, then (command selector, payload length, payload) triples
     */
    @FuzzTest(maxDuration = "10m")
    void packetsAfterHandshake(FuzzedDataProvider data) {
        try {
            handshakeThenPackets(data);
        } catch (TransportException expected) {
            // typed failure: e.g. fuzzer-chosen garbage that contains the terminator (Jazzer learns it
            // from the comparison), after which the responder rightly reads garbage as a packet
        }
    }

    private static void handshakeThenPackets(FuzzedDataProvider data) throws TransportException {
        int garbageLength = data.consumeInt(0, V2Handshake.MAX_GARBAGE_LENGTH);
        ByteString garbage = ByteString.wrap(data.consumeBytes(garbageLength));
        V2Handshake initiator = V2Handshake.initiator(MAGIC).random(new Random(2)).garbage(garbage).build();
        V2Handshake responder = V2Handshake.responder(MAGIC).random(new Random(3))
                .garbagePolicy(V2GarbagePolicy.NONE).build();
        // Run the handshake in memory; it must complete: both sides are honest.
        for (int round = 0; round < 8 && !(initiator.isComplete() && responder.isComplete()); round++) {
            responder.receive(initiator.takeOutput().asReadOnlyBuffer());
            initiator.receive(responder.takeOutput().asReadOnlyBuffer());
        }
        responder.receive(initiator.takeOutput().asReadOnlyBuffer());
        if (!initiator.isComplete() || !responder.isComplete()) {
            return; // only possible with garbage that embeds the terminator, which a real sender never picks
        }
        V2Session sender = initiator.session();
        V2FrameDecoder receiver = responder.session().decoder();
        Command[] commands = Command.values();
        try {
            while (data.remainingBytes() > 0) {
                boolean known = data.consumeBoolean();
                String name = known ? commands[data.consumeInt(0, commands.length - 1)].wireName() : "fuzzcmd";
                byte[] payload = data.consumeBytes(data.consumeInt(0, 4096));
                ByteString packet = sender.encoder().encode(new RawMessage(name, ByteString.wrap(payload)));
                drain(receiver, packet.asReadOnlyBuffer());
            }
        } catch (TransportException expected) {
            // OVERSIZED or MALFORMED payloads: typed
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
