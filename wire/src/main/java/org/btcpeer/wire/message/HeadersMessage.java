package org.btcpeer.wire.message;

import java.util.List;

import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * headers: block headers answering getheaders, or announcing new blocks to a peer that sent
 * sendheaders (BIP-130).
 *
 * <pre>[CompactSize count][count × (80 header, CompactSize tx count = 0)]</pre>
 *
 * <p>As Core, the per-header transaction count is read and ignored (btcd requires 0); it is written
 * as 0.
 *
 * @param headers at most {@link #MAX_HEADERS} headers
 */
public record HeadersMessage(List<BlockHeader> headers) implements KnownMessage {

    /** Core's {@code MAX_HEADERS_RESULTS}: more headers in one message is misbehaviour. */
    public static final int MAX_HEADERS = 2000;

    /** The largest payload: a 3-byte count and 2,000 headers with a 9-byte tx count each. */
    static final int MAX_PAYLOAD = 3 + MAX_HEADERS * (BlockHeader.SIZE + 9);

    /**
     * Copies and checks the headers.
     *
     * @param headers at most 2,000
     */
    public HeadersMessage {
        headers = List.copyOf(headers);
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("headers holds at most " + MAX_HEADERS + ", got " + headers.size());
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over the cap
     */
    public static HeadersMessage decode(WireReader r) throws WireException {
        int n = r.readCount("count", MAX_HEADERS, BlockHeader.SIZE + 1);
        BlockHeader[] out = new BlockHeader[n];
        for (int i = 0; i < n; i++) {
            out[i] = BlockHeader.decode(r);
            r.readCompactSize("tx count");
        }
        return new HeadersMessage(List.of(out));
    }

    @Override
    public Command command() {
        return Command.HEADERS;
    }

    @Override
    public int encodedSizeHint() {
        return CompactSize.encodedSize(headers.size()) + headers.size() * (BlockHeader.SIZE + 1);
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeCompactSize(headers.size());
        for (BlockHeader h : headers) {
            h.encode(w);
            w.writeUInt8(0);
        }
    }
}
