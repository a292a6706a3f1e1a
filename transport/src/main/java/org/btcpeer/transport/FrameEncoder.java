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

    /**
     * Refuses to send a payload larger than any peer accepts (Core's
     * {@code MAX_PROTOCOL_MESSAGE_LENGTH}, {@link org.btcpeer.wire.message.Command#MAX_PAYLOAD}).
     *
     * @param command       the message's command, for the error
     * @param payloadLength the encoded payload's length
     * @throws IllegalArgumentException if it is too large
     */
    static void checkPayloadLength(String command, int payloadLength) {
        if (payloadLength > org.btcpeer.wire.message.Command.MAX_PAYLOAD) {
            throw new IllegalArgumentException(command + " payload of " + payloadLength
                    + " bytes exceeds MAX_PROTOCOL_MESSAGE_LENGTH " + org.btcpeer.wire.message.Command.MAX_PAYLOAD);
        }
    }
}
