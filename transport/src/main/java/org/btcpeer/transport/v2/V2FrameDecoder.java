package org.btcpeer.transport.v2;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.btcpeer.transport.FrameDecoder;
import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.DecodedPayload;

/**
 * The BIP-324 receive state machine after the handshake (sans-I/O): packets in, messages out. It owns
 * the connection's {@link V2InboundCipher}.
 *
 * <pre>
 * packet contents (after decryption):
 *   short form:  | id 1..255 | payload ... |          id from Command.byShortId
 *   long form:   | 0x00 | command, 12 B NUL-padded ASCII | payload ... |
 * </pre>
 *
 * <p>Rules, as Bitcoin Core's {@code V2Transport}:
 * <ul>
 *   <li>a length above {@link #MAX_CONTENTS_LENGTH} ({@code MAX_CONTENTS_LEN}): fatal
 *       ({@link Reason#OVERSIZED_MESSAGE}), as soon as the 3 length bytes are in, before allocating;
 *   <li>a packet that does not authenticate: fatal ({@link Reason#AUTHENTICATION_FAILED}), nothing of
 *       it is delivered;
 *   <li>decoy packets (ignore bit): dropped and counted ({@link #decoysReceived()});
 *   <li>an unassigned short id: the message is dropped, the connection kept
 *       ({@link #unknownShortIds()});
 *   <li>empty contents or a malformed long-form command: dropped, connection kept
 *       ({@link #malformedTypes()});
 *   <li>a payload above its command's {@link Command#maxPayload()}: {@link Reason#OVERSIZED_MESSAGE}
 *       and a payload that does not decode: {@link Reason#MALFORMED_PAYLOAD}; in both cases the
 *       packet was consumed and the stream is still in sync;
 *   <li>bytes after a known message's fields: ignored, as Core, and counted in
 *       {@link ReceivedMessage#trailingBytes()}.
 * </ul>
 *
 * <p>Used by one thread, the peer's reader.
 */
public final class V2FrameDecoder implements FrameDecoder {

    /**
     * Core's {@code V2Transport::MAX_CONTENTS_LEN}: the largest packet contents, a long-form type
     * (1 + 12 bytes) and a {@link Command#MAX_PAYLOAD} payload.
     */
    public static final int MAX_CONTENTS_LENGTH = 1 + Command.MAX_NAME_LENGTH + Command.MAX_PAYLOAD;

    private static final int LONG_TYPE_LENGTH = 1 + Command.MAX_NAME_LENGTH;

    private final V2PacketReader reader;
    private String pendingName;
    private Command pendingCommand;
    private ByteString pendingPayload;
    private int pendingWireBytes;
    private long decoysReceived;
    private long unknownShortIds;
    private long malformedTypes;

    /**
     * A decoder for the application phase, after the handshake's version packet.
     *
     * @param cipher the connection's receiving half, positioned after the version packet
     */
    public V2FrameDecoder(V2InboundCipher cipher) {
        this.reader = new V2PacketReader(cipher, MAX_CONTENTS_LENGTH);
    }

    @Override
    public void receive(ByteBuffer in) throws TransportException {
        while (pendingPayload == null && in.hasRemaining()) {
            if (reader.receive(in)) {
                acceptPacket();
            }
        }
    }

    @Override
    public ByteBuffer directTarget() {
        return pendingPayload == null ? reader.directTarget() : null;
    }

    @Override
    public void directReceived(int n) throws TransportException {
        if (reader.directReceived(n)) {
            acceptPacket();
        }
    }

    private void acceptPacket() {
        if (V2PacketFormat.isIgnore(reader.header())) {
            decoysReceived++;
            return;
        }
        byte[] body = reader.body();
        int length = reader.contentsLength();
        int wireBytes = V2PacketFormat.packetLength(length);
        if (length == 0) {
            malformedTypes++; // Core: empty contents have no message type; dropped
            return;
        }
        int type = body[1] & 0xff;
        if (type != 0) {
            Optional<Command> command = Command.byShortId(type);
            if (command.isEmpty()) {
                unknownShortIds++;
                return;
            }
            pend(command.get().wireName(), command.get(), ByteString.wrap(body, 2, length - 1), wireBytes);
            return;
        }
        String name = length < LONG_TYPE_LENGTH ? null : Command.readPaddedName(body, 2);
        if (name == null) {
            malformedTypes++;
            return;
        }
        pend(name, Command.byName(name).orElse(null),
                ByteString.wrap(body, 1 + LONG_TYPE_LENGTH, length - LONG_TYPE_LENGTH), wireBytes);
    }

    private void pend(String name, Command command, ByteString payload, int wireBytes) {
        pendingName = name;
        pendingCommand = command;
        pendingPayload = payload;
        pendingWireBytes = wireBytes;
    }

    @Override
    public ReceivedMessage poll() throws TransportException {
        if (pendingPayload == null) {
            return null;
        }
        String name = pendingName;
        Command command = pendingCommand;
        ByteString payload = pendingPayload;
        int wireBytes = pendingWireBytes;
        pendingName = null;
        pendingCommand = null;
        pendingPayload = null;
        if (command != null && payload.size() > command.maxPayload()) {
            throw new TransportException(Reason.OVERSIZED_MESSAGE, name + " payload of " + payload.size()
                    + " bytes exceeds its cap " + command.maxPayload() + " (packet consumed; stream in sync)");
        }
        try {
            DecodedPayload d = command != null ? command.decodePayload(payload) : Command.decodeAnyPayload(name, payload);
            return new ReceivedMessage(d.message(), wireBytes, d.trailingBytes());
        } catch (WireException e) {
            throw TransportException.malformed(e);
        }
    }

    @Override
    public int wantedBytes() {
        return reader.wantedBytes();
    }

    /** The number of decoy packets received and dropped. */
    public long decoysReceived() {
        return decoysReceived;
    }

    /** The number of messages dropped because their short id is not assigned in the {@link Command} registry. */
    public long unknownShortIds() {
        return unknownShortIds;
    }

    /** The number of messages dropped because their contents were empty or their long-form command malformed. */
    public long malformedTypes() {
        return malformedTypes;
    }

    /** The number of packets (decoys included) authenticated so far, the version packet included. */
    public long packetsReceived() {
        return reader.packetCount();
    }
}
