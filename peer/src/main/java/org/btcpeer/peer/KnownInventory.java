package org.btcpeer.peer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;

/**
 * A bounded set of hashes the peer is known to have (it announced them, or we did), used to avoid
 * announcing them again. When full, the least recently added hash is forgotten, so the worst case is a
 * duplicate announcement, never unbounded memory. Storage grows only as hashes are added: an idle
 * peer pays for an empty map.
 */
final class KnownInventory {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Hash256, Boolean> hashes;

    KnownInventory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.hashes = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash256, Boolean> eldest) {
                return size() > KnownInventory.this.capacity;
            }
        };
    }

    void add(Hash256 hash) {
        lock.lock();
        try {
            hashes.put(hash, Boolean.TRUE);
        } finally {
            lock.unlock();
        }
    }

    boolean contains(Hash256 hash) {
        lock.lock();
        try {
            return hashes.containsKey(hash);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return hashes.size();
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }
}
