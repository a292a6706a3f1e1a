package org.btcpeer.wire.message;

import java.util.Objects;

/**
 * A decoded payload and the number of bytes after its known fields that were ignored.
 *
 * <p>Bitcoin Core reads the fields of a message it knows and ignores whatever follows them, so a
 * future BIP can extend any message (version grew this way). Those bytes are not part of the
 * message: its encoding, and any hash computed from a decoded transaction or block, covers only the
 * known fields. The count is kept so that a peer's statistics can show who sends extensions.
 *
 * @param message       the decoded message ({@link RawMessage} for an unknown command)
 * @param trailingBytes the bytes after the known fields, ignored; 0 for an unknown command
 */
public record DecodedPayload(Message message, int trailingBytes) {

    /**
     * Validates the fields.
     *
     * @param message       the message
     * @param trailingBytes a count of at least 0
     */
    public DecodedPayload {
        Objects.requireNonNull(message, "message");
        if (trailingBytes < 0) {
            throw new IllegalArgumentException("trailingBytes must not be negative: " + trailingBytes);
        }
    }
}
