package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * getcfheaders (BIP-157): requests the filter headers of the blocks from {@code startHeight} to {@code stopHash}, at most 2,000 blocks (checked by the server against its chain).
 *
 * <pre>[1 filter type][4 start height LE][32 stop hash]</pre>
 *
 * @param filterType  the filter type ({@link CompactFilters#BASIC})
 * @param startHeight the height of the first block (unsigned 32-bit)
 * @param stopHash    the hash of the last block
 */
public record GetCFHeadersMessage(int filterType, long startHeight, Hash256 stopHash) implements KnownMessage {

    /**
     * Validates the ranges.
     *
     * @param filterType  one byte
     * @param startHeight unsigned 32-bit
     * @param stopHash    the stop hash
     */
    public GetCFHeadersMessage {
        FilterFields.checkType(filterType);
        if (startHeight < 0 || startHeight > 0xffffffffL) {
            throw new IllegalArgumentException("start height must be unsigned 32-bit: " + startHeight);
        }
        Objects.requireNonNull(stopHash, "stopHash");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if truncated
     */
    public static GetCFHeadersMessage decode(WireReader r) throws WireException {
        int type = r.readUInt8("filter type");
        long start = r.readUInt32Le("start height");
        return new GetCFHeadersMessage(type, start, r.readHash("stop hash"));
    }

    @Override
    public Command command() {
        return Command.GETCFHEADERS;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeUInt8(filterType).writeUInt32Le(startHeight).writeHash(stopHash);
    }
}
