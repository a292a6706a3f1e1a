package org.btcpeer.examples.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.TimeSource;

/**
 * Keeps a hostile peer from flooding the log: each peer may produce {@value #BURST} event lines at
 * once and one more per second after that; the lines above are counted, not written, and the
 * count is reported with the peer's next line and when it disconnects. Memory: one small entry
 * per connected peer. Thread-safe.
 */
final class PeerEventLimiter {

    /** Lines a peer may produce at once. */
    static final int BURST = 20;

    private static final long REFILL_NANOS = 1_000_000_000L;

    private static final class Budget {
        double tokens = BURST;
        long lastNanos;
        long suppressed;

        Budget(long now) {
            lastNanos = now;
        }
    }

    private final Consumer<String> events;
    private final TimeSource time;
    private final Map<Long, Budget> budgets = new ConcurrentHashMap<>();

    PeerEventLimiter(Consumer<String> events, TimeSource time) {
        this.events = events;
        this.time = time;
    }

    /** Writes {@code line} about {@code peer}, unless the peer used up its budget. */
    void say(Peer peer, String line) {
        String out = null;
        long now = time.nanoTime();
        Budget b = budgets.computeIfAbsent(peer.id(), id -> new Budget(now));
        synchronized (b) {
            b.tokens = Math.min(BURST, b.tokens + (double) (now - b.lastNanos) / REFILL_NANOS);
            b.lastNanos = now;
            if (b.tokens >= 1) {
                b.tokens--;
                out = b.suppressed == 0 ? line : line + " (" + b.suppressed + " earlier lines of this peer suppressed)";
                b.suppressed = 0;
            } else {
                b.suppressed++;
            }
        }
        if (out != null) {
            events.accept(out);
        }
    }

    /** Forgets {@code peer}, reporting the lines it had suppressed since its last one. */
    void forget(Peer peer) {
        Budget b = budgets.remove(peer.id());
        if (b != null) {
            long n;
            synchronized (b) {
                n = b.suppressed;
            }
            if (n > 0) {
                events.accept(peer + ": " + n + " more event lines suppressed (rate limit " + BURST + " at once, 1/s)");
            }
        }
    }
}
