package org.btcpeer.wire.message;

import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * sendtxrcncl (BIP-330, Erlay): offers set reconciliation of transaction announcements; valid
 * only between version and verack.
 *
 * <pre>[4 version LE][8 salt LE]</pre>
 *
 * @param version the reconciliation protocol version (unsigned 32-bit)
 * @param salt    the sender's salt for short transaction ids
 */
public record SendTxRcnclMessage(long version, long salt) implements KnownMessage {

    /**
     * Validates the version range.
     *
     * @param version unsigned 32-bit
     * @param salt    salt
     */
    public SendTxRcnclMessage {
        if (version < 0 || version > 0xffffffffL) {
            throw new IllegalArgumentException("version must be unsigned 32-bit: " + version);
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if truncated
     */
    public static SendTxRcnclMessage decode(WireReader r) throws WireException {
        long version = r.readUInt32Le("version");
        return new SendTxRcnclMessage(version, r.readInt64Le("salt"));
    }

    @Override
    public Command command() {
        return Command.SENDTXRCNCL;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeUInt32Le(version).writeInt64Le(salt);
    }
}
