package org.btcpeer.wire.chain;

import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * The payload of a BIP-152 {@code cmpctblock} message (Core's {@code CBlockHeaderAndShortTxIDs}):
 * a block header, a nonce, a 6-byte short id for each transaction the receiver probably has, and
 * the transactions sent in full.
 *
 * <pre>
 *   header          80 bytes
 *   nonce            8 bytes, uint64 LE (keys the short ids, see {@link ShortIdKey})
 *   shortids        CompactSize count, then 6 bytes LE each
 *   prefilledtxn    CompactSize count, then for each:
 *                     index  CompactSize, differentially encoded: the gap to the previous
 *                            prefilled position minus one (the first is the position itself)
 *                     tx     a transaction with witness
 * </pre>
 *
 * <p>The block has {@code shortIds().size() + prefilled().size()} transactions; the prefilled ones
 * sit at their (absolute, strictly ascending) indexes and the short ids fill the other slots in
 * order. Decoding rejects what Core rejects when reading the message and when initialising the
 * partial block from it ({@code PartiallyDownloadedBlock::InitData}): a differential index above
 * 65535, an absolute index above 65535 or beyond the block, and more than 65535 transactions.
 *
 * @param header    the block header
 * @param nonce     the nonce keying the short ids (a uint64, any bits)
 * @param shortIds  the short ids of the transactions not prefilled, in block order
 * @param prefilled the prefilled transactions, by ascending absolute index; immutable
 */
public record HeaderAndShortIds(BlockHeader header, long nonce, ShortIds shortIds, List<PrefilledTransaction> prefilled) {

    /**
     * Checks the fields: indexes strictly ascending and inside the block, at most 65535 transactions.
     *
     * @param header    the block header
     * @param nonce     the nonce
     * @param shortIds  the short ids
     * @param prefilled the prefilled transactions, copied into an immutable list
     */
    public HeaderAndShortIds {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(shortIds, "shortIds");
        prefilled = FixedList.copyOf(prefilled, "prefilled");
        int count = shortIds.size() + prefilled.size();
        if (count > Limits.MAX_BLOCK_TX_INDEX) {
            throw new IllegalArgumentException("a compact block has at most 65535 transactions: " + count);
        }
        int last = -1;
        for (PrefilledTransaction p : prefilled) {
            if (p.index() <= last || p.index() >= count) {
                throw new IllegalArgumentException("prefilled indexes must ascend strictly and be below the tx count "
                        + count + ": " + p.index() + " after " + last);
            }
            last = p.index();
        }
    }

    /**
     * The compact block Core sends for {@code block}: the coinbase prefilled, every other
     * transaction as the short id of its wtxid (Core's {@code CBlockHeaderAndShortTxIDs(block, nonce)}).
     *
     * @param block a block with at least one transaction
     * @param nonce the nonce (random in practice)
     * @return the compact block
     */
    public static HeaderAndShortIds fromBlock(Block block, long nonce) {
        List<Transaction> txs = block.transactions();
        if (txs.isEmpty()) {
            throw new IllegalArgumentException("a block has at least a coinbase");
        }
        ShortIdKey key = ShortIdKey.of(block.header(), nonce);
        long[] ids = new long[txs.size() - 1];
        for (int i = 1; i < txs.size(); i++) {
            ids[i - 1] = key.shortId(txs.get(i).wtxid());
        }
        return new HeaderAndShortIds(block.header(), nonce, ShortIds.wrap(ids),
                List.of(new PrefilledTransaction(0, txs.get(0))));
    }

    /** The number of transactions in the block: short ids plus prefilled (Core's {@code BlockTxCount}). */
    public int blockTxCount() {
        return shortIds.size() + prefilled.size();
    }

    /** The SipHash key of this compact block's short ids, from the header and nonce. */
    public ShortIdKey shortIdKey() {
        return ShortIdKey.of(header, nonce);
    }

    /**
     * Reads a {@code cmpctblock} payload. Counts are bounded by the bytes left and by 65535 before
     * anything is allocated.
     *
     * @param r the reader
     * @return the compact block
     * @throws WireException if the bytes are malformed or an index overflows (see the class comment)
     */
    public static HeaderAndShortIds decode(WireReader r) throws WireException {
        BlockHeader header = BlockHeader.decode(r);
        long nonce = r.readInt64Le("nonce");
        int shortCount = r.readCount("short id count", Limits.MAX_BLOCK_TX_INDEX, ShortIds.SIZE);
        long[] ids = new long[shortCount];
        for (int i = 0; i < shortCount; i++) {
            long low = r.readUInt32Le("short id");
            ids[i] = low | (long) r.readUInt16Le("short id") << 32;
        }
        int countAt = r.position();
        int prefilledCount = r.readCount("prefilled count", Limits.MAX_BLOCK_TX_INDEX, 1 + Transaction.MIN_SIZE);
        if (shortCount + prefilledCount > Limits.MAX_BLOCK_TX_INDEX) {
            throw r.errorAt("prefilled count", countAt, Rule.OVER_CAP, shortCount + " short ids + " + prefilledCount
                    + " prefilled > 65535 transactions (Core: indexes overflowed 16 bits)");
        }
        PrefilledTransaction[] prefilled = new PrefilledTransaction[prefilledCount];
        long last = -1;
        for (int i = 0; i < prefilledCount; i++) {
            int at = r.position();
            long diff = r.readCompactSize("prefilled index");
            if (diff > Limits.MAX_BLOCK_TX_INDEX) {
                throw r.errorAt("prefilled index", at, Rule.OVER_CAP, "differential index " + diff
                        + " > 65535 (Core: CompactSize exceeds limit of type)");
            }
            long index = last + diff + 1;
            if (index > Limits.MAX_BLOCK_TX_INDEX) {
                throw r.errorAt("prefilled index", at, Rule.OVER_CAP, "absolute index " + index
                        + " > 65535 (Core: PartiallyDownloadedBlock::InitData, READ_STATUS_INVALID)");
            }
            if (index > shortCount + i) {
                throw r.errorAt("prefilled index", at, Rule.BAD_VALUE, "absolute index " + index + " is beyond the "
                        + (shortCount + prefilledCount) + " transactions of the block (Core: InitData, READ_STATUS_INVALID)");
            }
            prefilled[i] = new PrefilledTransaction((int) index, Transaction.decode(r));
            last = index;
        }
        return new HeaderAndShortIds(header, nonce, ShortIds.wrap(ids), FixedList.wrap(prefilled));
    }

    /**
     * Decodes a whole {@code cmpctblock} payload.
     *
     * @param payload the bytes; they must not be modified afterwards (views are kept)
     * @return the compact block
     * @throws WireException if malformed or bytes are left over
     */
    public static HeaderAndShortIds decode(ByteString payload) throws WireException {
        WireReader r = WireReader.of(payload, "cmpctblock");
        HeaderAndShortIds m = decode(r);
        r.expectEnd();
        return m;
    }

    /**
     * Writes the payload, with differentially encoded prefilled indexes.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        header.encode(w);
        w.writeInt64Le(nonce);
        w.writeCompactSize(shortIds.size());
        for (int i = 0; i < shortIds.size(); i++) {
            long id = shortIds.get(i);
            w.writeUInt32Le(id).writeUInt16Le((int) (id >>> 32));
        }
        w.writeCompactSize(prefilled.size());
        int last = -1;
        for (PrefilledTransaction p : prefilled) {
            w.writeCompactSize(p.index() - last - 1);
            p.transaction().encode(w);
            last = p.index();
        }
    }
}
