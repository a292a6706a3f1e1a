package org.btcpeer.wire.chain;

import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * The payload of a BIP-152 {@code blocktxn} message (Core's {@code BlockTransactions}): the
 * transactions a {@code getblocktxn} asked for, in the order asked.
 *
 * <pre>
 *   blockhash     32 bytes
 *   transactions  CompactSize count, then each transaction with witness
 * </pre>
 *
 * @param blockHash    the hash of the compact block
 * @param transactions the transactions; immutable
 */
public record BlockTransactions(Hash256 blockHash, List<Transaction> transactions) {

    /**
     * Checks and copies the fields.
     *
     * @param blockHash    the hash of the compact block
     * @param transactions the transactions, copied into an immutable list
     */
    public BlockTransactions {
        Objects.requireNonNull(blockHash, "blockHash");
        transactions = FixedList.copyOf(transactions, "transactions");
    }

    /**
     * Reads a {@code blocktxn} payload; the count is bounded by the bytes left (a transaction
     * takes at least 10) before the list is allocated.
     *
     * @param r the reader
     * @return the message
     * @throws WireException if malformed
     */
    public static BlockTransactions decode(WireReader r) throws WireException {
        Hash256 blockHash = r.readHash("block hash");
        return new BlockTransactions(blockHash, Transaction.decodeList(r));
    }

    /**
     * Decodes a whole {@code blocktxn} payload.
     *
     * @param payload the bytes; they must not be modified afterwards (views are kept)
     * @return the message
     * @throws WireException if malformed or bytes are left over
     */
    public static BlockTransactions decode(ByteString payload) throws WireException {
        WireReader r = WireReader.of(payload, "blocktxn");
        BlockTransactions m = decode(r);
        r.expectEnd();
        return m;
    }

    /**
     * Writes the payload.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeHash(blockHash);
        Transaction.encodeList(w, transactions);
    }
}
