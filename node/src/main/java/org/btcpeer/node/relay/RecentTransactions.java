package org.btcpeer.node.relay;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/**
 * The transactions {@link Relay} announced recently, by wtxid and by txid, oldest dropped first
 * once {@code capacity} are held (Core serves announced transactions from its mempool; a relay
 * without one keeps them here until peers have fetched them). The two indexes always hold the same
 * entries: an eviction removes both, so no txid points at a dropped transaction.
 */
final class RecentTransactions implements TransactionPool {

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Hash256, Broadcast> byWtxid = new LinkedHashMap<>();
    private final Map<Hash256, Broadcast> byTxid = new HashMap<>();
    private final int capacity;

    RecentTransactions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds (or replaces) a broadcast; evicts the oldest beyond the capacity and tells them. */
    void add(Broadcast b) {
        Transaction tx = b.transaction();
        Broadcast evicted = null;
        Broadcast replaced;
        lock.lock();
        try {
            replaced = byWtxid.remove(tx.wtxid());
            byWtxid.put(tx.wtxid(), b);
            byTxid.put(tx.txid(), b);
            if (byWtxid.size() > capacity) {
                Map.Entry<Hash256, Broadcast> oldest = byWtxid.pollFirstEntry();
                evicted = oldest.getValue();
                byTxid.remove(evicted.transaction().txid(), evicted);
            }
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            replaced.evicted();
        }
        if (evicted != null) {
            evicted.evicted();
        }
    }

    Optional<Broadcast> broadcastByTxid(Hash256 txid) {
        lock.lock();
        try {
            return Optional.ofNullable(byTxid.get(txid));
        } finally {
            lock.unlock();
        }
    }

    Optional<Broadcast> broadcastByWtxid(Hash256 wtxid) {
        lock.lock();
        try {
            return Optional.ofNullable(byWtxid.get(wtxid));
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return byWtxid.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Transaction> byTxid(Hash256 txid) {
        return broadcastByTxid(txid).map(Broadcast::transaction);
    }

    @Override
    public Optional<Transaction> byWtxid(Hash256 wtxid) {
        return broadcastByWtxid(wtxid).map(Broadcast::transaction);
    }

    @Override
    public void forEach(Consumer<Transaction> visitor) {
        Broadcast[] all;
        lock.lock();
        try {
            all = byWtxid.values().toArray(Broadcast[]::new);
        } finally {
            lock.unlock();
        }
        for (Broadcast b : all) {
            visitor.accept(b.transaction());
        }
    }
}
