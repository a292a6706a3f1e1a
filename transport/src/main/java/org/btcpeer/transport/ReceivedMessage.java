package org.btcpeer.transport;

import java.util.Objects;

import org.btcpeer.wire.message.Message;

/**
 * A message as it came off the transport, with the number of bytes it took on the wire (header,
 * payload and, for v2, length field, type byte and tag) for per-command statistics.
 *
 * @param message   the decoded message
 * @param wireBytes the bytes it occupied on the wire
 */
public record ReceivedMessage(Message message, int wireBytes) {

    /**
     * Validates the fields.
     *
     * @param message   the message
     * @param wireBytes a positive byte count
     */
    public ReceivedMessage {
        Objects.requireNonNull(message, "message");
        if (wireBytes <= 0) {
            throw new IllegalArgumentException("wireBytes must be positive: " + wireBytes);
        }
    }
}
