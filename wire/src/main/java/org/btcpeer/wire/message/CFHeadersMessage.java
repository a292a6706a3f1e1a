package org.btcpeer.wire.message;

import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * cfheaders (BIP-157): filter hashes of a block range, with the filter header of the block before
 * the range, from which the client chains the headers.
 *
 * <pre>[1 filter type][32 stop hash][32 previous filter header][CompactSize count][count × 32 filter hash]</pre>
 *
 * @param filterType           the filter type
 * @param stopHash             the last block of the range
 * @param previousFilterHeader the filter header before the first block of the range
 * @param filterHashes         the filter hashes, at most {@link #MAX_HASHES}
 */
public record CFHeadersMessage(int filterType, Hash256 stopHash, Hash256 previousFilterHeader,
                               List<Hash256> filterHashes) implements KnownMessage {

    /** Core's {@code MAX_GETCFHEADERS_SIZE}: a response covers at most 2,000 blocks. */
    public static final int MAX_HASHES = CompactFilters.MAX_GETCFHEADERS_SIZE;

    /**
     * Validates the fields.
     *
     * @param filterType           one byte
     * @param stopHash             stop hash
     * @param previousFilterHeader previous filter header
     * @param filterHashes         at most 2,000 hashes
     */
    public CFHeadersMessage {
        FilterFields.checkType(filterType);
        Objects.requireNonNull(stopHash, "stopHash");
        Objects.requireNonNull(previousFilterHeader, "previousFilterHeader");
        filterHashes = List.copyOf(filterHashes);
        if (filterHashes.size() > MAX_HASHES) {
            throw new IllegalArgumentException("cfheaders holds at most " + MAX_HASHES + " hashes, got " + filterHashes.size());
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over the cap
     */
    public static CFHeadersMessage decode(WireReader r) throws WireException {
        int type = r.readUInt8("filter type");
        Hash256 stop = r.readHash("stop hash");
        Hash256 previous = r.readHash("previous filter header");
        return new CFHeadersMessage(type, stop, previous, FilterFields.readHashes(r, "filter hash", MAX_HASHES));
    }

    @Override
    public Command command() {
        return Command.CFHEADERS;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeUInt8(filterType).writeHash(stopHash).writeHash(previousFilterHeader);
        FilterFields.writeHashes(w, filterHashes);
    }
}
