package org.btcpeer.transport.v1;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

import org.btcpeer.transport.FrameDecoder;
import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Sha256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.DecodedPayload;

/**
 * The v1 receive state machine (sans-I/O): header, then payload, then checksum and decode.
 *
 * <p>Rules, as Bitcoin Core's {@code V1Transport} and this library's stricter peer policy:
 * <ul>
 *   <li>wrong magic: fatal ({@link Reason#BAD_MAGIC}), checked as soon as the header is complete;
 *   <li>malformed command field: fatal ({@link Reason#BAD_COMMAND});
 *   <li>length above 4,000,000 or above the command's cap in the {@link Command} registry: fatal
 *       ({@link Reason#OVERSIZED_MESSAGE}), before the payload is read or allocated;
 *   <li>bad checksum: the message is dropped and counted ({@link #checksumFailures()}), the
 *       connection stays;
 *   <li>payload that does not decode: {@link Reason#MALFORMED_PAYLOAD} with the codec's error; the
 *       frame was consumed, so the stream is still in sync;
 *   <li>bytes after a known message's fields: ignored, as Core, and counted in
 *       {@link ReceivedMessage#trailingBytes()}.
 * </ul>
 */
public final class V1FrameDecoder implements FrameDecoder {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Core's {@code MAX_RESERVE_AHEAD}: a header alone makes the payload buffer at most this large,
     * and it then grows to at most twice the bytes received or this much more than them (whichever
     * is larger), so a header announcing 4 MB costs 256 KiB until the bytes actually arrive.
     */
    static final int RESERVE_AHEAD = 256 * 1024;

    private final ByteString magic;
    private final byte[] header = new byte[V1Header.SIZE];
    private int headerFill;
    private String command;
    private Command knownCommand; // the registry's entry for command, or null for an unknown one
    private byte[] payload;
    private int payloadLength;
    private int payloadFill;
    private int payloadHashed; // payload bytes already fed to sha: hashed as they arrive, while still in cache
    private long checksumFailures;
    private final MessageDigest sha = Sha256.newDigest();
    private final byte[] checksum = new byte[32];

    /**
     * A decoder for one network.
     *
     * @param magic the network's 4 message-start bytes
     */
    public V1FrameDecoder(ByteString magic) {
        if (magic.size() != 4) {
            throw new IllegalArgumentException("magic must be 4 bytes");
        }
        this.magic = magic;
    }

    /**
     * A decoder that has already received {@code prefix} (bytes a v2 responder read while
     * detecting the protocol, replayed here).
     *
     * @param magic  the network's magic
     * @param prefix the bytes already received
     * @return the decoder
     * @throws TransportException if the prefix already breaks a rule
     */
    public static V1FrameDecoder withPrefix(ByteString magic, ByteString prefix) throws TransportException {
        V1FrameDecoder d = new V1FrameDecoder(magic);
        d.receive(prefix.asReadOnlyBuffer());
        return d;
    }

    /** The number of messages dropped because their checksum did not match. */
    public long checksumFailures() {
        return checksumFailures;
    }

    @Override
    public void receive(ByteBuffer in) throws TransportException {
        while (in.hasRemaining() && !frameComplete()) {
            if (payload == null) {
                int n = Math.min(in.remaining(), V1Header.SIZE - headerFill);
                in.get(header, headerFill, n);
                headerFill += n;
                if (headerFill == V1Header.SIZE) {
                    startPayload();
                }
            } else {
                int n = Math.min(in.remaining(), payloadLength - payloadFill);
                ensurePayloadRoom(n);
                in.get(payload, payloadFill, n);
                payloadFill += n;
                hashReceived();
            }
        }
    }

    /** Grows the payload array to hold {@code n} more bytes, never beyond the announced length. */
    private void ensurePayloadRoom(int n) {
        if (payloadFill + n > payload.length) {
            // at most twice the bytes received, or RESERVE_AHEAD more than received (n is either
            // received already or, from directTarget, at most RESERVE_AHEAD)
            long grown = Math.max(2L * payloadFill, (long) payloadFill + Math.max(n, RESERVE_AHEAD));
            payload = Arrays.copyOf(payload, (int) Math.min(payloadLength, grown));
        }
    }

    @Override
    public ByteBuffer directTarget() {
        if (payload == null || payloadFill >= payloadLength) {
            return null;
        }
        int n = Math.min(payloadLength - payloadFill, RESERVE_AHEAD);
        ensurePayloadRoom(n);
        return ByteBuffer.wrap(payload, payloadFill, n);
    }

    @Override
    public void directReceived(int n) {
        if (payload == null || n < 0 || payloadFill + n > payload.length) {
            throw new IllegalStateException("direct write of " + n + " bytes outside the payload");
        }
        payloadFill += n;
        hashReceived();
    }

    /** Feeds the payload bytes received since the last call to the checksum digest. */
    private void hashReceived() {
        sha.update(payload, payloadHashed, payloadFill - payloadHashed);
        payloadHashed = payloadFill;
    }

    private boolean frameComplete() {
        return payload != null && payloadFill == payloadLength;
    }

    private void startPayload() throws TransportException {
        for (int i = 0; i < 4; i++) {
            if (header[i] != magic.byteAt(i)) {
                throw new TransportException(Reason.BAD_MAGIC, "header starts with "
                        + ByteString.wrap(header, 0, 4).hex() + ", expected " + magic.hex());
            }
        }
        command = Command.readPaddedName(header, V1Header.COMMAND_OFFSET);
        if (command == null) {
            throw new TransportException(Reason.BAD_COMMAND,
                    "malformed command field '" + V1Header.describeCommand(header) + "'");
        }
        long length = (int) INT_LE.get(header, V1Header.LENGTH_OFFSET) & 0xffffffffL;
        knownCommand = Command.byName(command).orElse(null);
        long cap = knownCommand != null ? knownCommand.maxPayload() : Command.MAX_PAYLOAD;
        if (length > cap) {
            throw new TransportException(Reason.OVERSIZED_MESSAGE, command + " announces " + length
                    + " payload bytes, cap " + cap);
        }
        payloadLength = (int) length;
        payload = new byte[Math.min(payloadLength, RESERVE_AHEAD)];
        payloadFill = 0;
        payloadHashed = 0;
    }

    @Override
    public ReceivedMessage poll() throws TransportException {
        if (!frameComplete()) {
            return null;
        }
        byte[] body = payload;
        String cmd = command;
        Command known = knownCommand;
        payload = null;
        headerFill = 0;
        command = null;
        knownCommand = null;
        V1Header.finishChecksum(sha, checksum); // the payload went in as it arrived (hashReceived)
        if (!Arrays.equals(checksum, 0, V1Header.CHECKSUM_LENGTH, header, V1Header.CHECKSUM_OFFSET,
                V1Header.CHECKSUM_OFFSET + V1Header.CHECKSUM_LENGTH)) {
            checksumFailures++;
            return null; // dropped like Core; the caller feeds more bytes
        }
        try {
            ByteString b = ByteString.wrap(body);
            DecodedPayload d = known != null ? known.decodePayload(b) : Command.decodeAnyPayload(cmd, b);
            return new ReceivedMessage(d.message(), V1Header.SIZE + body.length, d.trailingBytes());
        } catch (WireException e) {
            throw TransportException.malformed(e);
        }
    }

    @Override
    public int wantedBytes() {
        if (payload == null) {
            return V1Header.SIZE - headerFill;
        }
        return Math.max(1, payloadLength - payloadFill);
    }
}
