package org.btcpeer.peer;

import java.time.Instant;
import java.util.Objects;

/**
 * How a peer ended: the reason, a human detail (which rule, which field, which limit) and when.
 *
 * @param reason the reason
 * @param detail what exactly happened
 * @param at     when the disconnect started
 */
public record PeerDisconnect(DisconnectReason reason, String detail, Instant at) {

    /**
     * Validates the fields.
     *
     * @param reason reason
     * @param detail detail
     * @param at     time
     */
    public PeerDisconnect {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
