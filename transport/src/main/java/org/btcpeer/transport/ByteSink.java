package org.btcpeer.transport;

import java.io.IOException;

import org.btcpeer.wire.ByteString;

/** Where an encoder puts wire bytes: a socket's output stream in production, a buffer in tests. */
@FunctionalInterface
public interface ByteSink {

    /**
     * Writes all of {@code bytes}.
     *
     * @param bytes the bytes
     * @throws IOException if writing fails
     */
    void write(ByteString bytes) throws IOException;
}
