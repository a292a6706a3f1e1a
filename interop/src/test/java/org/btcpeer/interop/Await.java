package org.btcpeer.interop;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded polling on observable state (RPC answers, peer stats): the condition is checked every
 * 50 ms until it holds or the limit passes, then the test fails naming what it waited for. A
 * pause is never an assertion by itself.
 */
final class Await {

    /** The default bound: long enough for Core's trickle timers and a loaded 2-core machine. */
    static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param what      what is awaited, for the failure message
     * @param limit     the bound
     * @param condition the condition
     */
    static void until(String what, Duration limit, BooleanSupplier condition) {
        value(what, limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Waits up to {@link #DEFAULT} until {@code condition} holds.
     *
     * @param what      what is awaited
     * @param condition the condition
     */
    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /**
     * Waits until {@code probe} gives a value.
     *
     * @param what  what is awaited
     * @param limit the bound
     * @param probe empty while not yet
     * @param <T>   the value type
     * @return the value
     */
    static <T> T value(String what, Duration limit, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            pause(Duration.ofMillis(50));
        }
    }

    /**
     * Sleeps between polls.
     *
     * @param d how long
     */
    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
