package org.btcpeer.wire.message;

import org.btcpeer.wire.WireWriter;

/**
 * getaddr: asks the peer for addresses of other nodes (Core answers once per connection).
 * The payload is empty.
 */
public record GetAddrMessage() implements KnownMessage {

    /** The one instance (the message has no fields). */
    public static final GetAddrMessage INSTANCE = new GetAddrMessage();

    @Override
    public Command command() {
        return Command.GETADDR;
    }

    @Override
    public void encodePayload(WireWriter w) {
        // empty payload
    }
}
