package org.btcpeer.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

import org.btcpeer.wire.message.Message;

/**
 * The blocking adapter for a transport's send half: encodes with a {@link FrameEncoder} and
 * writes to a socket's output stream. Used by exactly one thread, the peer's writer.
 */
public final class MessageWriter {

    private final OutputStream out;
    private final FrameEncoder encoder;
    private long bytesWritten;

    /**
     * Wraps a stream and an encoder.
     *
     * @param out     the connection's output stream (unbuffered is fine: each frame is written in one call)
     * @param encoder the send state machine
     */
    public MessageWriter(OutputStream out, FrameEncoder encoder) {
        this.out = Objects.requireNonNull(out, "out");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    /**
     * Encodes and writes one message; returns once the bytes are handed to the socket.
     *
     * @param message the message
     * @return the number of wire bytes written
     * @throws IOException if writing fails
     */
    public int write(Message message) throws IOException {
        int n = encoder.encode(message, bytes -> bytes.writeTo(out));
        out.flush();
        bytesWritten += n;
        return n;
    }

    /** The total number of bytes written. */
    public long bytesWritten() {
        return bytesWritten;
    }
}
