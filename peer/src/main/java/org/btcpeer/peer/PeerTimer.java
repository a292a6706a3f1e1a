package org.btcpeer.peer;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps exactly one scheduled wake-up per peer, at its earliest deadline. Whoever creates an earlier
 * deadline (a ping sent, an announcement queued, a request made) calls {@link #wakeAt(long)}; the
 * tick itself computes the next deadline and re-arms. The tick runs on the shared scheduler thread
 * and must not block.
 */
final class PeerTimer {

    private final PeerScheduler scheduler;
    private final TimeSource time;
    private final Runnable tick;
    private final ReentrantLock lock = new ReentrantLock();
    private PeerScheduler.Cancellable pending;
    private long scheduledAt = Long.MAX_VALUE;
    private boolean stopped;

    PeerTimer(PeerScheduler scheduler, TimeSource time, Runnable tick) {
        this.scheduler = scheduler;
        this.time = time;
        this.tick = tick;
    }

    /** Ensures a tick runs no later than {@code atNanos} ({@code Long.MAX_VALUE}: nothing to do). */
    void wakeAt(long atNanos) {
        if (atNanos == Long.MAX_VALUE) {
            return;
        }
        lock.lock();
        try {
            if (stopped || (pending != null && scheduledAt - atNanos <= 0)) {
                return;
            }
            if (pending != null) {
                pending.cancel();
            }
            scheduledAt = atNanos;
            pending = scheduler.schedule(this::fire, Math.max(0, atNanos - time.nanoTime()));
        } finally {
            lock.unlock();
        }
    }

    private void fire() {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            pending = null;
            scheduledAt = Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
        tick.run();
    }

    /** Cancels the wake-up for good (the peer disconnected). */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
