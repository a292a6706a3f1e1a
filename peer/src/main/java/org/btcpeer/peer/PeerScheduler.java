package org.btcpeer.peer;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs short, non-blocking timer tasks for all peers of a process (ping due, trickle due, timeouts
 * checked). Tasks only read clocks, update state and enqueue work; they never block, never do I/O
 * and never call listeners. Injected so tests drive time by hand.
 */
public interface PeerScheduler {

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }

    /**
     * Runs {@code task} once after {@code delayNanos}.
     *
     * @param task       the task
     * @param delayNanos the delay in nanoseconds of the {@link TimeSource} in use
     * @return a handle to cancel it
     */
    Cancellable schedule(Runnable task, long delayNanos);

    /**
     * A scheduler on one daemon platform thread, shared by every peer that uses it.
     *
     * @return the scheduler
     */
    static PeerScheduler singleThreaded() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "btcpeer-scheduler");
            t.setDaemon(true);
            return t;
        });
        // Each peer re-arms its one wake-up often; cancelled tasks must not linger until their deadline.
        executor.setRemoveOnCancelPolicy(true);
        return (task, delayNanos) -> {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
