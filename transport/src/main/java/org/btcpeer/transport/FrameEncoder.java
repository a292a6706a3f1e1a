package org.btcpeer.transport;

import java.io.IOException;

import org.btcpeer.wire.message.Message;

/**
 * The send half of a transport as a sans-I/O state machine: turns messages into wire bytes and
 * hands them to a {@link ByteSink}. Used by one thread (the peer's writer).
 */
public interface FrameEncoder {

    /**
     * Encodes {@code message} and writes its wire bytes to {@code sink}.
     *
     * @param message the message
     * @param sink    where the bytes go
     * @return the number of bytes written for this message
     * @throws IOException if the sink fails
     */
    int encode(Message message, ByteSink sink) throws IOException;
}
