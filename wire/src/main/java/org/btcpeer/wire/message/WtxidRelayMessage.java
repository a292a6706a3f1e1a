package org.btcpeer.wire.message;

import org.btcpeer.wire.WireWriter;

/**
 * wtxidrelay (BIP-339): announce transactions by wtxid; valid only between version and verack.
 * The payload is empty.
 */
public record WtxidRelayMessage() implements KnownMessage {

    /** The one instance (the message has no fields). */
    public static final WtxidRelayMessage INSTANCE = new WtxidRelayMessage();

    @Override
    public Command command() {
        return Command.WTXIDRELAY;
    }

    @Override
    public void encodePayload(WireWriter w) {
        // empty payload
    }
}
