package org.btcpeer.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.message.Message;

/**
 * The blocking adapter for a transport's send half: encodes with a {@link FrameEncoder} and
 * writes to a socket's output stream. Used by exactly one thread, the peer's writer.
 */
public final class MessageWriter {

    private final OutputStream out;
    private final FrameEncoder encoder;
    private final ByteSink toStream;
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
        this.toStream = bytes -> bytes.writeTo(this.out);
    }

    /**
     * Encodes and writes one message; returns once the bytes are handed to the socket.
     *
     * @param message the message
     * @return the number of wire bytes written
     * @throws IOException if writing fails
     */
    public int write(Message message) throws IOException {
        int n = encoder.encode(message, toStream);
        out.flush();
        bytesWritten += n;
        return n;
    }

    /** Frames up to this total are gathered into one array and written with one call. */
    static final int GATHER_LIMIT = 256 * 1024;

    /**
     * Encodes and writes several messages in order with as few socket writes as possible (small
     * frames are gathered into one array), then flushes once. Returns once all bytes are handed to
     * the socket.
     *
     * @param messages the messages, in order
     * @return the number of wire bytes of each message
     * @throws IOException if writing fails (then none of them is known to be delivered)
     */
    public int[] writeAll(java.util.List<? extends Message> messages) throws IOException {
        int[] sizes = new int[messages.size()];
        if (messages.size() == 1) {
            sizes[0] = write(messages.get(0));
            return sizes;
        }
        java.util.List<ByteString> frames = new java.util.ArrayList<>(messages.size());
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = encoder.encode(messages.get(i), frames::add);
            total += sizes[i];
        }
        if (total <= GATHER_LIMIT) {
            byte[] gathered = new byte[(int) total];
            int at = 0;
            for (ByteString f : frames) {
                f.copyTo(gathered, at);
                at += f.size();
            }
            out.write(gathered);
        } else {
            for (ByteString f : frames) {
                f.writeTo(out);
            }
        }
        out.flush();
        bytesWritten += total;
        return sizes;
    }

    /** The total number of bytes written. */
    public long bytesWritten() {
        return bytesWritten;
    }
}
