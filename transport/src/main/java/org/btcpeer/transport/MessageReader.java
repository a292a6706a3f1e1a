package org.btcpeer.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The blocking adapter for a transport's receive half: reads a socket's input stream into a
 * buffer and feeds a {@link FrameDecoder}. Used by exactly one thread, the peer's reader.
 */
public final class MessageReader {

    /** The read buffer size; a 4 MB payload is read through it in chunks. */
    static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final FrameDecoder decoder;
    private final ByteBuffer buffer;
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
        this.buffer = ByteBuffer.allocate(Math.max(BUFFER_SIZE, leftover.remaining()));
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
