package org.btcpeer.wire.message;

import org.btcpeer.wire.WireWriter;

/**
 * sendheaders (BIP-130): asks the peer to announce new blocks with headers instead of inv.
 * The payload is empty.
 */
public record SendHeadersMessage() implements KnownMessage {

    /** The one instance (the message has no fields). */
    public static final SendHeadersMessage INSTANCE = new SendHeadersMessage();

    @Override
    public Command command() {
        return Command.SENDHEADERS;
    }

    @Override
    public void encodePayload(WireWriter w) {
        // empty payload
    }
}
