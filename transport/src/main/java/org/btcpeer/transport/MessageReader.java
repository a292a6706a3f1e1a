package org.btcpeer.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The blocking adapter for a transport's receive half: reads a socket's input stream into a
 * buffer and feeds a {@link FrameDecoder}. Used by exactly one thread, the peer's reader.
 *
 * <p>Its own buffer is {@value #SMALL_BUFFER} bytes, for headers and small messages; a large
 * payload is read straight into the decoder's array ({@link FrameDecoder#directTarget()}), so an
 * idle connection holds little memory and a large message is copied once less.
 */
public final class MessageReader {

    /** The buffer an idle connection keeps: small, because a node may hold thousands of idle peers. */
    static final int SMALL_BUFFER = 4 * 1024;

    /** The buffer size of a transport handshake, which reads keys and garbage before messages flow. */
    static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final FrameDecoder decoder;
    private ByteBuffer buffer;
    private long bytesRead;

    /**
     * Wraps a stream and a decoder.
     *
     * @param in      the connection's input stream
     * @param decoder the receive state machine
     */
    public MessageReader(InputStream in, FrameDecoder decoder) {
        this(in, decoder, ByteBuffer.allocate(0));
    }

    /**
     * Wraps a stream and a decoder, with bytes already read from the stream (for example during a
     * handshake) that must be fed first.
     *
     * @param in       the connection's input stream
     * @param decoder  the receive state machine
     * @param leftover bytes already read but not yet decoded
     */
    public MessageReader(InputStream in, FrameDecoder decoder, ByteBuffer leftover) {
        this.in = Objects.requireNonNull(in, "in");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.buffer = ByteBuffer.allocate(Math.max(SMALL_BUFFER, leftover.remaining()));
        buffer.put(leftover).flip();
    }

    /**
     * Blocks until the next message is complete.
     *
     * @return the message with its wire size
     * @throws EOFException       if the peer closed the connection
     * @throws IOException        if reading fails (including socket timeouts)
     * @throws TransportException if the bytes break a framing or encryption rule
     */
    public ReceivedMessage read() throws IOException, TransportException {
        while (true) {
            decoder.receive(buffer);
            ReceivedMessage m = decoder.poll();
            if (m != null) {
                return m;
            }
            if (buffer.hasRemaining()) {
                continue; // a frame was dropped (bad checksum or decoy); keep going
            }
            ByteBuffer direct = decoder.directTarget();
            if (direct != null && direct.remaining() >= SMALL_BUFFER) {
                // A large payload is arriving: read it straight into the decoder's array, no copy.
                int n = in.read(direct.array(), direct.arrayOffset() + direct.position(), direct.remaining());
                if (n < 0) {
                    throw new EOFException("peer closed the connection");
                }
                bytesRead += n;
                decoder.directReceived(n);
                continue;
            }
            buffer.clear();
            int n = in.read(buffer.array(), 0, buffer.capacity());
            if (n < 0) {
                buffer.limit(0);
                throw new EOFException("peer closed the connection");
            }
            bytesRead += n;
            buffer.limit(n);
        }
    }

    /** The total number of bytes read from the stream. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The decoder, for transport-specific counters. */
    public FrameDecoder decoder() {
        return decoder;
    }
}
