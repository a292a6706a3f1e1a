package org.btcpeer.transport.v1;

import java.io.IOException;
import java.security.MessageDigest;

import org.btcpeer.transport.ByteSink;
import org.btcpeer.transport.FrameEncoder;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Sha256;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.RawMessage;

/**
 * The v1 send side (sans-I/O): writes the 24-byte header and the payload into one buffer (the
 * payload is encoded once, in place after the header, then the length and checksum are filled in).
 */
public final class V1FrameEncoder implements FrameEncoder {

    /** Payloads from this size on are written after their header rather than copied behind it. */
    static final int SEPARATE_PAYLOAD_MIN = 64 * 1024;

    private final ByteString magic;
    private final MessageDigest sha = Sha256.newDigest();
    private final byte[] checksum = new byte[32];

    /**
     * An encoder for one network.
     *
     * @param magic the network's 4 message-start bytes
     */
    public V1FrameEncoder(ByteString magic) {
        if (magic.size() != 4) {
            throw new IllegalArgumentException("magic must be 4 bytes");
        }
        this.magic = magic;
    }

    /**
     * Encodes one message as a complete frame.
     *
     * @param message the message
     * @return header and payload
     */
    public ByteString encode(Message message) {
        WireWriter w = new WireWriter(V1Header.SIZE + message.encodedSizeHint());
        w.writeBytes(magic);
        Command.writePaddedName(w, message.commandName());
        w.writeInt32Le(0).writeInt32Le(0); // length and checksum, filled in below
        message.encodePayload(w);
        int payloadLength = w.size() - V1Header.SIZE;
        FrameEncoder.checkPayloadLength(message.commandName(), payloadLength);
        w.overwriteInt32Le(V1Header.LENGTH_OFFSET, payloadLength);
        w.updateDigest(sha, V1Header.SIZE, w.size());
        V1Header.finishChecksum(sha, checksum);
        w.overwrite(V1Header.CHECKSUM_OFFSET, checksum, 0, V1Header.CHECKSUM_LENGTH);
        return w.toByteString();
    }

    /**
     * Writes one frame. A large already encoded payload (a {@link RawMessage}, as a peer's send queue
     * holds, of at least {@value #SEPARATE_PAYLOAD_MIN} bytes) goes to the sink as two writes, the
     * 24-byte header and then the payload from where it lies, instead of being copied behind the
     * header first; smaller frames are one write. The checksum of such a payload is
     * {@link ByteString#doubleSha256()}, computed from its bytes the first time any connection sends
     * them and remembered by them, so the same stored block sent again (to this peer or another) is
     * not hashed again.
     */
    @Override
    public int encode(Message message, ByteSink sink) throws IOException {
        if (message instanceof RawMessage raw && raw.body().size() >= SEPARATE_PAYLOAD_MIN) {
            ByteString payload = raw.body();
            FrameEncoder.checkPayloadLength(raw.commandName(), payload.size());
            WireWriter header = new WireWriter(V1Header.SIZE);
            header.writeBytes(magic);
            Command.writePaddedName(header, raw.commandName());
            header.writeInt32Le(payload.size());
            // remembered by the payload itself: a stored block sent to many peers is hashed once
            payload.doubleSha256().copyTo(checksum, 0);
            header.writeBytes(checksum, 0, V1Header.CHECKSUM_LENGTH);
            sink.write(header.toByteString());
            sink.write(payload);
            return V1Header.SIZE + payload.size();
        }
        ByteString frame = encode(message);
        sink.write(frame);
        return frame.size();
    }
}
