package org.btcpeer.wire.message;

import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * sendcmpct (BIP-152): the sender supports compact blocks of {@code version} (1 = txid-based,
 * 2 = wtxid-based, the only one Core uses now) and asks for high-bandwidth mode if set.
 *
 * <pre>[1 announce][8 version LE]</pre>
 *
 * @param highBandwidth whether to push cmpctblock unsolicited (high-bandwidth mode)
 * @param version       the compact block version
 */
public record SendCmpctMessage(boolean highBandwidth, long version) implements KnownMessage {

    /** Core's {@code CMPCTBLOCKS_VERSION}. */
    public static final long CMPCTBLOCKS_VERSION = 2;

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if truncated
     */
    public static SendCmpctMessage decode(WireReader r) throws WireException {
        boolean announce = r.readBoolean("announce");
        return new SendCmpctMessage(announce, r.readInt64Le("version"));
    }

    @Override
    public Command command() {
        return Command.SENDCMPCT;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeBoolean(highBandwidth).writeInt64Le(version);
    }
}
