package org.btcpeer.peer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded set of things the peer is known to have (hashes it announced or we announced,
 * addresses it sent or we sent), used to avoid sending them again. When full, the least recently
 * added element is forgotten, so the worst case is a duplicate, never unbounded memory. Storage
 * grows only as elements are added: an idle peer pays for an empty map.
 *
 * @param <T> the element type (with value equality)
 */
final class BoundedRecentSet<T> {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<T, Boolean> hashes;

    BoundedRecentSet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.hashes = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > BoundedRecentSet.this.capacity;
            }
        };
    }

    /**
     * Remembers {@code element}.
     *
     * @return true if it was not known yet (one atomic check-and-add, so two threads announcing the
     *         same thing cannot both see it as new)
     */
    boolean add(T element) {
        lock.lock();
        try {
            return hashes.put(element, Boolean.TRUE) == null;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code element}, so it may be sent again. */
    void remove(T element) {
        lock.lock();
        try {
            hashes.remove(element);
        } finally {
            lock.unlock();
        }
    }

    boolean contains(T hash) {
        lock.lock();
        try {
            return hashes.containsKey(hash);
        } finally {
            lock.unlock();
        }
    }
}
