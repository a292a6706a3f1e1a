package org.btcpeer.node;

import java.util.Optional;
import java.util.function.Consumer;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/**
 * The application's transaction pool as the node parts see it: serving getdata for transactions
 * ({@code serve}, {@code relay}) and reconstructing compact blocks ({@code compact}). btcpeer does
 * not validate transactions; the application decides what is in its pool.
 *
 * <p>Implementations must be safe for use from several peers' threads at once.
 */
public interface TransactionPool {

    /** The transaction with this txid, if the pool holds it. */
    Optional<Transaction> byTxid(Hash256 txid);

    /** The transaction with this wtxid, if the pool holds it. */
    Optional<Transaction> byWtxid(Hash256 wtxid);

    /**
     * Visits every transaction in the pool once, in no particular order (compact block
     * reconstruction computes a short id for each, as Core's {@code PartiallyDownloadedBlock::InitData}
     * walks the mempool).
     */
    void forEach(Consumer<Transaction> visitor);

    /** A pool that holds nothing: every request is answered with {@code notfound}. */
    static TransactionPool empty() {
        return EmptyTransactionPool.INSTANCE;
    }
}
