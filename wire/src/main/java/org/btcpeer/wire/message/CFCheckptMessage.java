package org.btcpeer.wire.message;

import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * cfcheckpt (BIP-157): the filter headers at every 1,000th block up to {@code stopHash}.
 *
 * <pre>[1 filter type][32 stop hash][CompactSize count][count × 32 filter header]</pre>
 *
 * <p>The count grows with the chain (one per 1,000 blocks), so it is bounded by the payload cap
 * and the bytes present, not by a fixed protocol number.
 *
 * @param filterType    the filter type
 * @param stopHash      the last block
 * @param filterHeaders the checkpoint filter headers
 */
public record CFCheckptMessage(int filterType, Hash256 stopHash, List<Hash256> filterHeaders) implements KnownMessage {

    /** The most headers a 4,000,000-byte payload can hold. */
    public static final int MAX_HEADERS = (Command.MAX_PAYLOAD - 1 - 32 - 5) / 32;

    /**
     * Validates the fields.
     *
     * @param filterType    one byte
     * @param stopHash      stop hash
     * @param filterHeaders the headers
     */
    public CFCheckptMessage {
        FilterFields.checkType(filterType);
        Objects.requireNonNull(stopHash, "stopHash");
        filterHeaders = List.copyOf(filterHeaders);
        if (filterHeaders.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("cfcheckpt holds at most " + MAX_HEADERS + " headers");
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static CFCheckptMessage decode(WireReader r) throws WireException {
        int type = r.readUInt8("filter type");
        Hash256 stop = r.readHash("stop hash");
        return new CFCheckptMessage(type, stop, FilterFields.readHashes(r, "filter header", MAX_HEADERS));
    }

    @Override
    public Command command() {
        return Command.CFCHECKPT;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeUInt8(filterType).writeHash(stopHash);
        FilterFields.writeHashes(w, filterHeaders);
    }
}
