package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * getcfcheckpt (BIP-157): requests the filter headers at every 1,000th block up to {@code stopHash}.
 *
 * <pre>[1 filter type][32 stop hash]</pre>
 *
 * @param filterType the filter type
 * @param stopHash   the last block
 */
public record GetCFCheckptMessage(int filterType, Hash256 stopHash) implements KnownMessage {

    /**
     * Validates the fields.
     *
     * @param filterType one byte
     * @param stopHash   stop hash
     */
    public GetCFCheckptMessage {
        FilterFields.checkType(filterType);
        Objects.requireNonNull(stopHash, "stopHash");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if truncated
     */
    public static GetCFCheckptMessage decode(WireReader r) throws WireException {
        int type = r.readUInt8("filter type");
        return new GetCFCheckptMessage(type, r.readHash("stop hash"));
    }

    @Override
    public Command command() {
        return Command.GETCFCHECKPT;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeUInt8(filterType).writeHash(stopHash);
    }
}
