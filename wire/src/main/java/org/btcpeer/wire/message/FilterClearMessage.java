package org.btcpeer.wire.message;

import org.btcpeer.wire.WireWriter;

/**
 * filterclear (BIP-37): removes the connection's bloom filter.
 * The payload is empty.
 */
public record FilterClearMessage() implements KnownMessage {

    /** The one instance (the message has no fields). */
    public static final FilterClearMessage INSTANCE = new FilterClearMessage();

    @Override
    public Command command() {
        return Command.FILTERCLEAR;
    }

    @Override
    public void encodePayload(WireWriter w) {
        // empty payload
    }
}
