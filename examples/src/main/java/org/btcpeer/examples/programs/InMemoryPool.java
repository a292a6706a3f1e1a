package org.btcpeer.examples.programs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/**
 * The {@link FullNodeExample}'s mempool: transactions by wtxid and txid in two concurrent maps. It
 * checks nothing; a real node would run its policy and script checks before {@link #add}.
 */
final class InMemoryPool implements TransactionPool {

    private final Map<Hash256, Transaction> byWtxid = new ConcurrentHashMap<>();
    private final Map<Hash256, Transaction> byTxid = new ConcurrentHashMap<>();

    /** Adds a transaction; false if the pool already held it. */
    boolean add(Transaction tx) {
        if (byWtxid.putIfAbsent(tx.wtxid(), tx) != null) {
            return false;
        }
        byTxid.put(tx.txid(), tx);
        return true;
    }

    /** Removes a transaction (it was mined). */
    void remove(Transaction tx) {
        byWtxid.remove(tx.wtxid());
        byTxid.remove(tx.txid());
    }

    @Override
    public Optional<Transaction> byTxid(Hash256 txid) {
        return Optional.ofNullable(byTxid.get(txid));
    }

    @Override
    public Optional<Transaction> byWtxid(Hash256 wtxid) {
        return Optional.ofNullable(byWtxid.get(wtxid));
    }

    @Override
    public void forEach(Consumer<Transaction> visitor) {
        byWtxid.values().forEach(visitor);
    }
}
