package org.btcpeer.transport;

import java.util.Objects;

import org.btcpeer.wire.message.Message;

/**
 * A message as it came off the transport, with the number of bytes it took on the wire (header,
 * payload and, for v2, length field, type byte and tag) for per-command statistics, and the number
 * of payload bytes after its known fields that the decoder ignored (a future extension of the
 * message, as Bitcoin Core ignores them).
 *
 * @param message       the decoded message
 * @param wireBytes     the bytes it occupied on the wire
 * @param trailingBytes payload bytes after the message's known fields, ignored (0 for most messages)
 */
public record ReceivedMessage(Message message, int wireBytes, int trailingBytes) {

    /**
     * Validates the fields.
     *
     * @param message       the message
     * @param wireBytes     a positive byte count
     * @param trailingBytes a count of at least 0, below {@code wireBytes}
     */
    public ReceivedMessage {
        Objects.requireNonNull(message, "message");
        if (wireBytes <= 0) {
            throw new IllegalArgumentException("wireBytes must be positive: " + wireBytes);
        }
        if (trailingBytes < 0 || trailingBytes >= wireBytes) {
            throw new IllegalArgumentException("trailingBytes must be in [0, wireBytes): " + trailingBytes);
        }
    }

    /**
     * A message without trailing bytes.
     *
     * @param message   the message
     * @param wireBytes a positive byte count
     */
    public ReceivedMessage(Message message, int wireBytes) {
        this(message, wireBytes, 0);
    }
}
