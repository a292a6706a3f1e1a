package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * cfilter (BIP-157): one block's compact filter (BIP-158 Golomb-coded set, kept encoded).
 *
 * <pre>[1 filter type][32 block hash][CompactSize len][len filter bytes]</pre>
 *
 * @param filterType the filter type
 * @param blockHash  the block the filter is for
 * @param filter     the encoded filter (bounded only by the 4,000,000-byte payload cap)
 */
public record CFilterMessage(int filterType, Hash256 blockHash, ByteString filter) implements KnownMessage {

    /**
     * Validates the fields.
     *
     * @param filterType one byte
     * @param blockHash  block hash
     * @param filter     filter bytes
     */
    public CFilterMessage {
        FilterFields.checkType(filterType);
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static CFilterMessage decode(WireReader r) throws WireException {
        int type = r.readUInt8("filter type");
        Hash256 block = r.readHash("block hash");
        return new CFilterMessage(type, block, r.readVarBytes("filter", Command.MAX_PAYLOAD));
    }

    @Override
    public Command command() {
        return Command.CFILTER;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeUInt8(filterType).writeHash(blockHash).writeVarBytes(filter);
    }
}
