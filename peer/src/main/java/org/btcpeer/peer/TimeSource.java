package org.btcpeer.peer;

import java.time.Instant;

/**
 * The clock peers use for every timeout and timestamp, injected so tests control time (no test
 * waits real minutes for a protocol timeout).
 */
public interface TimeSource {

    /** A monotonic reading in nanoseconds, for intervals and deadlines. */
    long nanoTime();

    /** The wall-clock time, for timestamps in messages and statistics. */
    Instant now();

    /** The system clocks. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}

/** {@link System#nanoTime()} and {@link Instant#now()}. */
enum SystemTimeSource implements TimeSource {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }
}
