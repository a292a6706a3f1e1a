package org.btcpeer.peer;

import java.time.Instant;
import java.util.Objects;

/**
 * How a received message arrived: its size on the wire and when its last byte was read (btcd's
 * {@code OnRead}). While a {@link MessageListener} runs, {@link Peer#lastArrival()} is the arrival
 * of the message it was called for, since listeners run on the reader thread that sets it.
 *
 * @param command    the message's command name
 * @param wireBytes  bytes on the wire: v1 header and payload, or the whole encrypted v2 packet
 * @param receivedAt when it was read, by the runtime's clock
 */
public record MessageArrival(String command, int wireBytes, Instant receivedAt) {

    /**
     * Validates the fields.
     *
     * @param command    command
     * @param wireBytes  at least 1
     * @param receivedAt time
     */
    public MessageArrival {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (wireBytes < 1) {
            throw new IllegalArgumentException("wireBytes must be positive: " + wireBytes);
        }
    }
}
