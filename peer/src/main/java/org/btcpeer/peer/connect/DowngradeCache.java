package org.btcpeer.peer.connect;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.peer.TimeSource;
import org.btcpeer.transport.dial.DialTarget;

/**
 * Remembers targets that answered our v2 key the way a v1-only node does (Core's
 * {@code ShouldReconnectV1()}, {@link org.btcpeer.transport.TransportException#suggestsV1Retry()}),
 * so the next connection to them under V2_PREFERRED starts with v1 at once instead of paying for a
 * failed v2 attempt and a second dial. Bounded (default 100, btcd's {@code defaultDowngradeCacheSize};
 * the least recently used entry is dropped) and expiring (default 24 hours: nodes upgrade).
 */
public final class DowngradeCache {

    /** btcd's {@code defaultDowngradeCacheSize}. */
    public static final int DEFAULT_CAPACITY = 100;
    /** How long an entry is trusted by default. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

    private final TimeSource time;
    private final long expiryNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<DialTarget, Long> entries;

    /**
     * An empty cache.
     *
     * @param capacity entries at most
     * @param expiry   how long an entry is kept
     * @param time     the clock
     */
    public DowngradeCache(int capacity, Duration expiry, TimeSource time) {
        if (capacity < 1 || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("capacity and expiry must be positive");
        }
        this.time = time;
        this.expiryNanos = expiry.toNanos();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DialTarget, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Records that {@code target} speaks only v1.
     *
     * @param target the target
     */
    public void remember(DialTarget target) {
        lock.lock();
        try {
            entries.put(target, time.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@code target} is known to speak only v1 (and the entry has not expired).
     *
     * @param target the target
     * @return true to go straight to v1
     */
    public boolean speaksOnlyV1(DialTarget target) {
        lock.lock();
        try {
            Long at = entries.get(target);
            if (at == null) {
                return false;
            }
            if (time.nanoTime() - at >= expiryNanos) {
                entries.remove(target);
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Entries held now (expired ones included until looked up). */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
