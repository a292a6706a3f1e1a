package org.btcpeer.peer.inbound;

import java.util.Optional;

/**
 * The acceptor's periodic one-line report, instead of a line per refused or evicted connection
 * (a flood would otherwise make the log itself a denial of service): at most one line per
 * {@code interval}, and only when something happened since the last one. Fed cumulative counts;
 * reports the differences. Not thread-safe: one caller (the acceptor's timer).
 */
public final class InboundSummary {

    /** Cumulative counters at one moment. */
    public record Counts(long refused, long banned, long evicted, long discouraged) {
    }

    private final long intervalNanos;
    private Counts last = new Counts(0, 0, 0, 0);
    private long lastNanos;

    /**
     * Starts counting at {@code nowNanos}.
     *
     * @param intervalNanos the shortest time between two lines, positive
     * @param nowNanos      now
     */
    public InboundSummary(long intervalNanos, long nowNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalNanos = intervalNanos;
        this.lastNanos = nowNanos;
    }

    /**
     * The line for the time since the last one, if {@code interval} passed and a counter moved.
     *
     * @param now      the cumulative counters now
     * @param peers    inbound peers connected now
     * @param nowNanos now
     * @return e.g. {@code inbound in the last 60 s: 5 refused (2 banned), 3 evicted, 1 discouraged; 117 peers}
     */
    public Optional<String> poll(Counts now, int peers, long nowNanos) {
        if (nowNanos - lastNanos < intervalNanos) {
            return Optional.empty();
        }
        Counts d = new Counts(now.refused() - last.refused(), now.banned() - last.banned(),
                now.evicted() - last.evicted(), now.discouraged() - last.discouraged());
        long seconds = Math.round((nowNanos - lastNanos) / 1e9);
        last = now;
        lastNanos = nowNanos;
        if (d.refused() == 0 && d.evicted() == 0 && d.discouraged() == 0) {
            return Optional.empty();
        }
        return Optional.of("inbound in the last " + seconds + " s: " + d.refused() + " refused (" + d.banned()
                + " banned), " + d.evicted() + " evicted, " + d.discouraged() + " discouraged; " + peers + " peers");
    }
}
