package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * cmpctblock (BIP-152): a block header with 6-byte short ids of its transactions and a few prefilled ones.
 *
 * <pre>[80 header][8 nonce][CompactSize n][n × 6 short id][CompactSize m][m × (CompactSize index delta, tx)]</pre>
 *
 * @param compactBlock the payload
 */
public record CmpctBlockMessage(HeaderAndShortIds compactBlock) implements KnownMessage {

    /**
     * Requires the payload.
     *
     * @param compactBlock the payload
     */
    public CmpctBlockMessage {
        Objects.requireNonNull(compactBlock, "compactBlock");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static CmpctBlockMessage decode(WireReader r) throws WireException {
        return new CmpctBlockMessage(HeaderAndShortIds.decode(r));
    }

    @Override
    public Command command() {
        return Command.CMPCTBLOCK;
    }

    @Override
    public void encodePayload(WireWriter w) {
        compactBlock.encode(w);
    }
}
