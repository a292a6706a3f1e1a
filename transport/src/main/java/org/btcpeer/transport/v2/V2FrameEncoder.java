package org.btcpeer.transport.v2;

import java.io.IOException;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.btcpeer.transport.ByteSink;
import org.btcpeer.transport.FrameEncoder;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.KnownMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.RawMessage;

/**
 * The BIP-324 send side after the handshake (sans-I/O): each message becomes one encrypted packet,
 * optionally preceded by decoys. It owns the connection's {@link V2OutboundCipher}.
 *
 * <pre>
 * | length 3 B | header 1 B | type: short id 1 B, or 0x00 + 12 B name | payload | tag 16 B |
 *  \ encrypted \___________________ AEAD ciphertext ___________________________________/
 * </pre>
 *
 * <p>The message type is the one-byte short id when the message is a {@link KnownMessage} whose
 * {@link Command} has one (BIP-324 "v2 Bitcoin P2P message encoding"), else 0x00 and the 12-byte
 * NUL-padded command. A {@link RawMessage} (what a peer's send queue holds: the payload already
 * encoded) is encrypted straight from its bytes into an exactly sized packet; any other message is
 * encoded once into a buffer with room for the length field, the header and the tag, then encrypted
 * in place. Either way the payload is not copied, and the packet goes to the sink in one
 * {@link ByteSink#write} call.
 *
 * <p>Used by one thread, the peer's writer.
 */
public final class V2FrameEncoder implements FrameEncoder {

    private static final int PREFIX = V2PacketFormat.LENGTH_FIELD_LENGTH + V2PacketFormat.HEADER_LENGTH;
    private static final byte[] TAG_ROOM = new byte[V2PacketFormat.TAG_LENGTH];

    private final V2OutboundCipher cipher;
    private final byte[] typePrefix = new byte[V2OutboundCipher.MAX_PREFIX_LENGTH];
    private final V2DecoyPolicy decoyPolicy;
    private final RandomGenerator random;
    private long decoysSent;

    /**
     * An encoder that sends no decoys (like Bitcoin Core).
     *
     * @param cipher the connection's sending half, positioned after the version packet
     */
    public V2FrameEncoder(V2OutboundCipher cipher) {
        this(cipher, V2DecoyPolicy.NONE, null);
    }

    /**
     * An encoder that sends decoys before each message as {@code decoyPolicy} says.
     *
     * @param cipher      the connection's sending half, positioned after the version packet
     * @param decoyPolicy which decoys precede each message
     * @param random      the randomness the policy draws from (may be null for {@link V2DecoyPolicy#NONE})
     */
    public V2FrameEncoder(V2OutboundCipher cipher, V2DecoyPolicy decoyPolicy, RandomGenerator random) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.decoyPolicy = Objects.requireNonNull(decoyPolicy, "decoyPolicy");
        this.random = random;
    }

    /**
     * Writes the decoys the policy asks for, then the message's packet.
     *
     * @param message the message
     * @param sink    where the bytes go
     * @return the number of bytes written, decoys included
     * @throws IOException if the sink fails
     * @throws IllegalArgumentException if the payload exceeds {@link Command#MAX_PAYLOAD}
     */
    @Override
    public int encode(Message message, ByteSink sink) throws IOException {
        int written = 0;
        for (int i = 0; ; i++) {
            int length = decoyPolicy.decoyLength(i, random);
            if (length < 0) {
                break;
            }
            written += encodeDecoy(length, sink);
        }
        ByteString packet = encode(message);
        sink.write(packet);
        return written + packet.size();
    }

    /**
     * Encrypts one message as a packet, without decoys.
     *
     * @param message the message
     * @return the packet bytes
     * @throws IllegalArgumentException if the payload exceeds {@link Command#MAX_PAYLOAD}
     */
    public ByteString encode(Message message) {
        // A pre-encoded message with a known name (a peer's send queue, a proxy) still gets its short id.
        int shortId = message instanceof KnownMessage k ? k.command().shortIdOrZero()
                : Command.byName(message.commandName()).map(Command::shortIdOrZero).orElse(0);
        if (message instanceof RawMessage raw) {
            return encodePayloadBytes(shortId, raw.commandName(), raw.body());
        }
        int estimate = message.encodedSizeHint();
        WireWriter w = new WireWriter(PREFIX + 1 + Command.MAX_NAME_LENGTH + estimate + V2PacketFormat.TAG_LENGTH);
        w.writeInt32Le(0); // length field and header byte, written by the cipher
        if (shortId != 0) {
            w.writeUInt8(shortId);
        } else {
            w.writeUInt8(0);
            Command.writePaddedName(w, message.commandName());
        }
        int payloadStart = w.size();
        message.encodePayload(w);
        FrameEncoder.checkPayloadLength(message.commandName(), w.size() - payloadStart);
        int contentsLength = w.size() - PREFIX;
        w.writeBytes(TAG_ROOM, 0, TAG_ROOM.length);
        int packetLength = w.size();
        byte[] buffer = w.detachBuffer(); // encrypted in place: the payload is never copied again
        cipher.encrypt(buffer, PREFIX, contentsLength, null, false, buffer, 0);
        return ByteString.wrap(buffer, 0, packetLength);
    }

    /**
     * Encrypts an already encoded payload (what a peer's send queue holds) straight from where it
     * lies into an exactly sized packet: the message type goes in as the cipher's prefix, so the
     * payload is read once, by the cipher, and never copied.
     */
    private ByteString encodePayloadBytes(int shortId, String commandName, ByteString payload) {
        FrameEncoder.checkPayloadLength(commandName, payload.size());
        int typeLength;
        if (shortId != 0) {
            typePrefix[0] = (byte) shortId;
            typeLength = 1;
        } else {
            typePrefix[0] = 0;
            Command.writePaddedName(typePrefix, 1, commandName);
            typeLength = 1 + Command.MAX_NAME_LENGTH;
        }
        byte[] packet = new byte[V2PacketFormat.packetLength(typeLength + payload.size())];
        payload.readInPlace((array, offset, length) ->
                cipher.encrypt(typePrefix, typeLength, array, offset, length, null, false, packet, 0));
        return ByteString.wrap(packet);
    }

    /**
     * Writes one decoy packet (ignore bit set, zero contents, which encrypt to random-looking bytes)
     * in one {@link ByteSink#write} call.
     *
     * @param contentLength the decoy's contents length, 0..{@link V2FrameDecoder#MAX_CONTENTS_LENGTH}
     * @param sink          where the bytes go
     * @return the number of bytes written, {@code contentLength + 20}
     * @throws IOException if the sink fails
     */
    public int encodeDecoy(int contentLength, ByteSink sink) throws IOException {
        if (contentLength < 0 || contentLength > V2FrameDecoder.MAX_CONTENTS_LENGTH) {
            throw new IllegalArgumentException("decoy contents length must be 0.." + V2FrameDecoder.MAX_CONTENTS_LENGTH
                    + ": " + contentLength);
        }
        byte[] packet = new byte[V2PacketFormat.packetLength(contentLength)];
        cipher.encrypt(packet, PREFIX, contentLength, null, true, packet, 0);
        decoysSent++;
        sink.write(ByteString.wrap(packet));
        return packet.length;
    }

    /** The number of decoy packets sent by this encoder. */
    public long decoysSent() {
        return decoysSent;
    }

    /** The number of packets (decoys included) encrypted so far, the handshake's included. */
    public long packetsSent() {
        return cipher.packetCount();
    }
}
