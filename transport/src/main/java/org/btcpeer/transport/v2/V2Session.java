package org.btcpeer.transport.v2;

import java.util.Objects;

import org.btcpeer.wire.ByteString;

/**
 * What a completed BIP-324 handshake hands over: the receive half for the reader thread, the send
 * half for the writer thread (they share no state), and the session id.
 *
 * <p>The session id is the same on both ends unless someone in the middle runs two handshakes;
 * comparing it out of band detects that (BIP-324 "session ID"; Core's getpeerinfo {@code session_id}).
 *
 * @param decoder   the receive half, positioned after the peer's version packet
 * @param encoder   the send half, positioned after our version packet
 * @param sessionId the 32-byte session id
 */
public record V2Session(V2FrameDecoder decoder, V2FrameEncoder encoder, ByteString sessionId) {

    /**
     * Validates the fields.
     *
     * @param decoder   the receive half
     * @param encoder   the send half
     * @param sessionId 32 bytes
     */
    public V2Session {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(encoder, "encoder");
        if (sessionId.size() != 32) {
            throw new IllegalArgumentException("session id must be 32 bytes");
        }
    }
}
