package org.btcpeer.peer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keep-alive state: at most one ping outstanding (as Core), its nonce and send time, and the
 * last and minimum round trips. Written by the timer (ping sent) and the reader (pong received).
 */
final class PingTracker {

    private final ReentrantLock lock = new ReentrantLock();
    private long outstandingNonce;   // 0 = none (nonces are non-zero)
    private long lastPingAtNanos;
    private boolean everPinged;
    private long lastRttNanos = -1;
    private long minRttNanos = -1;

    /** Whether a new ping is due: none outstanding and the interval has passed (or never pinged). */
    boolean isDue(long nowNanos, long intervalNanos) {
        lock.lock();
        try {
            return outstandingNonce == 0 && (!everPinged || nowNanos - lastPingAtNanos >= intervalNanos);
        } finally {
            lock.unlock();
        }
    }

    /** When the next ping is due, or {@code Long.MAX_VALUE} when one is outstanding. */
    long nextDue(long intervalNanos, long nowNanos) {
        lock.lock();
        try {
            if (outstandingNonce != 0) {
                return Long.MAX_VALUE;
            }
            return everPinged ? lastPingAtNanos + intervalNanos : nowNanos;
        } finally {
            lock.unlock();
        }
    }

    void sent(long nonce, long nowNanos) {
        lock.lock();
        try {
            outstandingNonce = nonce;
            lastPingAtNanos = nowNanos;
            everPinged = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a pong. Like Core, a pong with another nonce is ignored (and a zero nonce cancels the
     * outstanding ping without a measurement).
     *
     * @return true if it matched the outstanding ping
     */
    boolean pong(long nonce, long nowNanos) {
        lock.lock();
        try {
            if (outstandingNonce == 0) {
                return false;
            }
            if (nonce == outstandingNonce) {
                long rtt = nowNanos - lastPingAtNanos;
                lastRttNanos = rtt;
                minRttNanos = minRttNanos < 0 ? rtt : Math.min(minRttNanos, rtt);
                outstandingNonce = 0;
                return true;
            }
            if (nonce == 0) {
                outstandingNonce = 0;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** When the outstanding ping times out, or {@code Long.MAX_VALUE} when none is outstanding. */
    long pongDeadline(long timeoutNanos) {
        lock.lock();
        try {
            return outstandingNonce == 0 ? Long.MAX_VALUE : lastPingAtNanos + timeoutNanos;
        } finally {
            lock.unlock();
        }
    }

    boolean outstanding() {
        lock.lock();
        try {
            return outstandingNonce != 0;
        } finally {
            lock.unlock();
        }
    }

    Optional<Duration> lastRtt() {
        lock.lock();
        try {
            return lastRttNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(lastRttNanos));
        } finally {
            lock.unlock();
        }
    }

    Optional<Duration> minRtt() {
        lock.lock();
        try {
            return minRttNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(minRttNanos));
        } finally {
            lock.unlock();
        }
    }
}
