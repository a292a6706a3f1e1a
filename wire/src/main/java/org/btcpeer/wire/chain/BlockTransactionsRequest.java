package org.btcpeer.wire.chain;

import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * The payload of a BIP-152 {@code getblocktxn} message (Core's {@code BlockTransactionsRequest}):
 * the transactions of a compact block that the receiver could not reconstruct.
 *
 * <pre>
 *   blockhash   32 bytes
 *   indexes     CompactSize count, then CompactSize each, differentially encoded:
 *               the first is the position itself, each next one the gap to the previous minus one
 * </pre>
 *
 * <p>Decoding rejects a position above 65535 as Core's {@code DifferenceFormatter} does
 * ("differential value overflow"; positions are {@code uint16_t}).
 *
 * @param blockHash the hash of the compact block
 * @param indexes   the requested positions (absolute, strictly ascending, at most 65535)
 */
public record BlockTransactionsRequest(Hash256 blockHash, TxIndexes indexes) {

    /**
     * Checks the fields.
     *
     * @param blockHash the hash of the compact block
     * @param indexes   the positions, the largest at most 65535
     */
    public BlockTransactionsRequest {
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(indexes, "indexes");
        if (indexes.last() > Limits.MAX_BLOCK_TX_INDEX) {
            throw new IllegalArgumentException("transaction positions are at most 65535: " + indexes.last());
        }
    }

    /**
     * Reads a {@code getblocktxn} payload; the count is bounded by the bytes left (at least one
     * per index) and by 65536 before the array is allocated.
     *
     * @param r the reader
     * @return the request
     * @throws WireException if malformed or a position overflows 16 bits
     */
    public static BlockTransactionsRequest decode(WireReader r) throws WireException {
        Hash256 blockHash = r.readHash("block hash");
        int n = r.readCount("index count", Limits.MAX_BLOCK_TX_INDEX + 1, 1);
        int[] indexes = new int[n];
        long next = 0; // Core's m_shift: the smallest value the next index can have
        for (int i = 0; i < n; i++) {
            int at = r.position();
            long value = next + r.readCompactSize("index"); // each gap is at most MAX_SIZE: no long overflow
            if (value > Limits.MAX_BLOCK_TX_INDEX) {
                throw r.errorAt("index", at, Rule.OVER_CAP, "position " + value
                        + " > 65535 (Core: differential value overflow)");
            }
            indexes[i] = (int) value;
            next = value + 1;
        }
        return new BlockTransactionsRequest(blockHash, TxIndexes.wrap(indexes));
    }

    /**
     * Decodes a whole {@code getblocktxn} payload.
     *
     * @param payload the bytes
     * @return the request
     * @throws WireException if malformed or bytes are left over
     */
    public static BlockTransactionsRequest decode(ByteString payload) throws WireException {
        WireReader r = WireReader.of(payload, "getblocktxn");
        BlockTransactionsRequest m = decode(r);
        r.expectEnd();
        return m;
    }

    /**
     * Writes the payload with differentially encoded positions.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeHash(blockHash);
        w.writeCompactSize(indexes.size());
        int next = 0;
        for (int i = 0; i < indexes.size(); i++) {
            int value = indexes.get(i);
            w.writeCompactSize(value - next);
            next = value + 1;
        }
    }
}
