package org.btcpeer.wire.message;

import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * feefilter (BIP-133): do not announce transactions paying less than this fee rate to me.
 *
 * <pre>[8 fee rate, satoshis per 1000 virtual bytes, signed LE]</pre>
 *
 * <p>Core ignores a value outside {@code 0..MAX_MONEY}; the codec keeps whatever was sent.
 *
 * @param feeRate the minimum fee rate in satoshis per kvB
 */
public record FeeFilterMessage(long feeRate) implements KnownMessage {

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if truncated
     */
    public static FeeFilterMessage decode(WireReader r) throws WireException {
        return new FeeFilterMessage(r.readInt64Le("fee rate"));
    }

    @Override
    public Command command() {
        return Command.FEEFILTER;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeInt64Le(feeRate);
    }
}
