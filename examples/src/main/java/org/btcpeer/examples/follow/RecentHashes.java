package org.btcpeer.examples.follow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;

/**
 * A bounded set of recently seen hashes, the oldest forgotten first: which transactions were
 * already asked for, which blocks were already reported. Thread-safe.
 */
final class RecentHashes {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Hash256, Boolean> hashes;

    /**
     * An empty set.
     *
     * @param capacity how many hashes it keeps
     */
    RecentHashes(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.hashes = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash256, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Adds a hash.
     *
     * @param hash the hash
     * @return whether it was new
     */
    boolean add(Hash256 hash) {
        lock.lock();
        try {
            return hashes.put(hash, Boolean.TRUE) == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the hash is held.
     *
     * @param hash the hash
     * @return whether it is held
     */
    boolean contains(Hash256 hash) {
        lock.lock();
        try {
            return hashes.containsKey(hash);
        } finally {
            lock.unlock();
        }
    }
}
