package org.btcpeer.wire.message;

import org.btcpeer.wire.WireWriter;

/**
 * verack: acknowledges the peer's version; the handshake completes when both sides have received one.
 * The payload is empty.
 */
public record VerackMessage() implements KnownMessage {

    /** The one instance (the message has no fields). */
    public static final VerackMessage INSTANCE = new VerackMessage();

    @Override
    public Command command() {
        return Command.VERACK;
    }

    @Override
    public void encodePayload(WireWriter w) {
        // empty payload
    }
}
