package org.btcpeer.transport;

import java.nio.ByteBuffer;

/**
 * The receive half of a transport as a sans-I/O state machine: feed it the bytes that arrived, in
 * any chunking, and poll complete messages. It does no I/O, starts no threads and is used by one
 * thread (the peer's reader).
 *
 * <p>Sizes are checked as soon as a length is known, before anything is allocated for the payload.
 */
public interface FrameDecoder {

    /**
     * Consumes bytes from {@code in} (its position advances). It may stop early when a complete
     * frame is buffered; call {@link #poll()} and feed the rest again.
     *
     * @param in received bytes
     * @throws TransportException on a fatal framing error (the connection must be closed)
     */
    void receive(ByteBuffer in) throws TransportException;

    /**
     * The next complete message, or {@code null} if more bytes are needed.
     *
     * @return the message, or null
     * @throws TransportException on a fatal error, or {@link TransportException.Reason#MALFORMED_PAYLOAD}
     *                            after a complete frame whose payload did not decode
     */
    ReceivedMessage poll() throws TransportException;

    /**
     * While a payload is arriving, a region of the decoder's own payload array that a reader may
     * fill straight from the stream (saving one copy of every large message); {@code null} when
     * no payload is in progress. The region is at most 256 KiB beyond what has arrived (Core's
     * {@code MAX_RESERVE_AHEAD}). After writing {@code n} bytes at its position, call
     * {@link #directReceived(int)}.
     *
     * @return the writable region, or null
     */
    default ByteBuffer directTarget() {
        return null;
    }

    /**
     * Records {@code n} bytes written into the region from {@link #directTarget()}; a message that
     * completes becomes available from {@link #poll()}.
     *
     * @param n the number of bytes written, at most the region's remaining bytes
     * @throws TransportException if the completed frame fails (for example v2 authentication)
     */
    default void directReceived(int n) throws TransportException {
        throw new IllegalStateException("this decoder has no direct target");
    }

    /** How many bytes this decoder wants next, at most; a reader may size its buffer by it (always at least 1). */
    default int wantedBytes() {
        return 64 * 1024;
    }
}
