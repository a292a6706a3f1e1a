package org.btcpeer.peer.connect;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for addresses that failed: after the n-th consecutive failure a
 * target is not dialled again for {@code min(max, base × 2^(n-1))}, of which a random half is
 * jitter ("equal jitter": between half and all of it), so many failed targets do not retry in
 * lock step. A success forgets the target. Bounded: at most {@code capacity} targets are
 * remembered, the least recently failed forgotten first.
 *
 * @param <K> the target type
 */
public final class RetryBackoff<K> {

    private record State(int failures, long notBeforeNanos) {
    }

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<K, State> states;

    /**
     * A backoff policy with its state.
     *
     * @param base     the first delay
     * @param max      the longest delay
     * @param capacity targets remembered at most
     * @param random   randomness for the jitter
     */
    public RetryBackoff(Duration base, Duration max, int capacity, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || capacity < 1) {
            throw new IllegalArgumentException("need 0 < base <= max and capacity >= 1");
        }
        this.base = base;
        this.max = max;
        this.random = Objects.requireNonNull(random, "random");
        this.states = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, State> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The un-jittered delay after {@code failures} consecutive failures.
     *
     * @param failures at least 1
     * @return {@code min(max, base × 2^(failures-1))}
     */
    public Duration ceiling(int failures) {
        int shift = Math.min(Math.max(0, failures - 1), 40);
        long nanos = base.toNanos();
        long scaled = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
        return Duration.ofNanos(Math.min(scaled, max.toNanos()));
    }

    /**
     * Records a failure.
     *
     * @param target   the target
     * @param nowNanos the current time
     * @return the delay before it may be tried again
     */
    public Duration failed(K target, long nowNanos) {
        lock.lock();
        try {
            State s = states.remove(target);
            int failures = s == null ? 1 : s.failures + 1;
            long ceiling = ceiling(failures).toNanos();
            long jitter;
            synchronized (random) {
                jitter = ceiling / 2 == 0 ? 0 : random.nextLong(ceiling / 2 + 1);
            }
            long delay = ceiling - ceiling / 2 + jitter;
            states.put(target, new State(failures, nowNanos + delay));
            return Duration.ofNanos(delay);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets a target after a success.
     *
     * @param target the target
     */
    public void succeeded(K target) {
        lock.lock();
        try {
            states.remove(target);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a target may be dialled now.
     *
     * @param target   the target
     * @param nowNanos the current time
     * @return true if it never failed, or its delay has passed
     */
    public boolean ready(K target, long nowNanos) {
        lock.lock();
        try {
            State s = states.get(target);
            return s == null || nowNanos - s.notBeforeNanos >= 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Consecutive failures of a target.
     *
     * @param target the target
     * @return the count (0 if none remembered)
     */
    public int failures(K target) {
        lock.lock();
        try {
            State s = states.get(target);
            return s == null ? 0 : s.failures;
        } finally {
            lock.unlock();
        }
    }
}
