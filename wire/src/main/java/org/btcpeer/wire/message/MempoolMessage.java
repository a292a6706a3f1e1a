package org.btcpeer.wire.message;

import org.btcpeer.wire.WireWriter;

/**
 * mempool (BIP-35): asks for invs of the peer's mempool transactions.
 * The payload is empty.
 */
public record MempoolMessage() implements KnownMessage {

    /** The one instance (the message has no fields). */
    public static final MempoolMessage INSTANCE = new MempoolMessage();

    @Override
    public Command command() {
        return Command.MEMPOOL;
    }

    @Override
    public void encodePayload(WireWriter w) {
        // empty payload
    }
}
