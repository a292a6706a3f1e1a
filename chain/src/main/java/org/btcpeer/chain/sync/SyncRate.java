package org.btcpeer.chain.sync;

import java.time.Duration;
import java.util.Optional;

/** Headers per second since the initial sync started, and the time left at that rate. */
final class SyncRate {

    private final long startNanos;
    private final int startHeight;

    SyncRate(long startNanos, int startHeight) {
        this.startNanos = startNanos;
        this.startHeight = startHeight;
    }

    double headersPerSecond(long nowNanos, int height) {
        long elapsed = nowNanos - startNanos;
        return elapsed <= 0 ? 0 : (height - startHeight) * 1e9 / elapsed;
    }

    Optional<Duration> eta(long nowNanos, int height, int target) {
        double rate = headersPerSecond(nowNanos, height);
        if (rate <= 0 || target <= height) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((target - height) * 1000 / rate)));
    }
}
