package org.btcpeer.peer;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/** A clock and scheduler that move only when a test calls {@link #advance}; due tasks run on the caller's thread. */
public final class ManualClock implements TimeSource, PeerScheduler {

    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Instant epoch = Instant.parse("2026-11-21T00:00:00Z");
    private long nanos = 1_000_000_000L;
    private long seq;

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return nanos;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Instant now() {
        return epoch.plusNanos(nanoTime());
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = {false};
        lock.lock();
        try {
            tasks.add(new Task(nanos + Math.max(0, delayNanos), seq++, task, cancelled));
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                cancelled[0] = true;
            } finally {
                lock.unlock();
            }
        };
    }

    /** Moves time forward, running every task that falls due, in time order. */
    public void advance(Duration d) {
        long target;
        lock.lock();
        try {
            target = nanos + d.toNanos();
        } finally {
            lock.unlock();
        }
        while (true) {
            Task t;
            lock.lock();
            try {
                t = tasks.peek();
                if (t == null || t.at > target) {
                    nanos = target;
                    return;
                }
                tasks.poll();
                nanos = Math.max(nanos, t.at);
                if (t.cancelled[0]) {
                    continue;
                }
            } finally {
                lock.unlock();
            }
            t.run.run();
        }
    }

    /** Runs the tasks due now without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }
}
