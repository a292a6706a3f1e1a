package org.btcpeer.wire.message;

import org.btcpeer.wire.WireWriter;

/**
 * sendaddrv2 (BIP-155): asks for addrv2 instead of addr; valid only between version and verack.
 * The payload is empty.
 */
public record SendAddrV2Message() implements KnownMessage {

    /** The one instance (the message has no fields). */
    public static final SendAddrV2Message INSTANCE = new SendAddrV2Message();

    @Override
    public Command command() {
        return Command.SENDADDRV2;
    }

    @Override
    public void encodePayload(WireWriter w) {
        // empty payload
    }
}
