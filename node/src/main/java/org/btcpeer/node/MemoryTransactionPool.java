package org.btcpeer.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/**
 * A {@link TransactionPool} in memory, bounded by count (the oldest transaction is dropped first),
 * for applications without a mempool of their own: a light node that follows the tip with compact
 * blocks (the transactions its peers relayed), an example, a test. It checks nothing: unlike
 * Core's mempool there is no UTXO set and no policy, so a transaction is kept because it was
 * added. Remove a block's transactions with {@link #removeAll} once the block arrived.
 * Thread-safe; {@link #forEach} walks a copy, so a visitor may call back into the pool.
 */
public final class MemoryTransactionPool implements TransactionPool {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** By wtxid, oldest first. */
    private final LinkedHashMap<Hash256, Transaction> byWtxid = new LinkedHashMap<>();
    private final Map<Hash256, Hash256> wtxidByTxid = new HashMap<>();

    /**
     * An empty pool.
     *
     * @param capacity the most transactions it holds
     */
    public MemoryTransactionPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds a transaction, dropping the oldest one when full.
     *
     * @param tx the transaction
     * @return whether it was new
     */
    public boolean add(Transaction tx) {
        Hash256 wtxid = tx.wtxid();
        lock.lock();
        try {
            if (byWtxid.containsKey(wtxid)) {
                return false;
            }
            if (byWtxid.size() >= capacity) {
                var eldest = byWtxid.pollFirstEntry();
                wtxidByTxid.remove(eldest.getValue().txid(), eldest.getKey());
            }
            byWtxid.put(wtxid, tx);
            wtxidByTxid.put(tx.txid(), wtxid);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes transactions (those of a block that arrived); those the pool does not hold are skipped.
     *
     * @param txs the transactions
     */
    public void removeAll(Collection<Transaction> txs) {
        lock.lock();
        try {
            for (Transaction tx : txs) {
                if (byWtxid.remove(tx.wtxid()) != null) {
                    wtxidByTxid.remove(tx.txid(), tx.wtxid());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many transactions the pool holds. */
    public int size() {
        lock.lock();
        try {
            return byWtxid.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Transaction> byTxid(Hash256 txid) {
        lock.lock();
        try {
            Hash256 wtxid = wtxidByTxid.get(txid);
            return wtxid == null ? Optional.empty() : Optional.ofNullable(byWtxid.get(wtxid));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Transaction> byWtxid(Hash256 wtxid) {
        lock.lock();
        try {
            return Optional.ofNullable(byWtxid.get(wtxid));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forEach(Consumer<Transaction> visitor) {
        List<Transaction> copy;
        lock.lock();
        try {
            copy = new ArrayList<>(byWtxid.values());
        } finally {
            lock.unlock();
        }
        copy.forEach(visitor);
    }
}
