package org.btcpeer.examples.follow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a {@link Follower} reported, for tests: {@link #await} takes the next event of a kind
 * without sleeping, and every event taken so far stays in {@link #seen()} for negative checks and
 * failure messages.
 */
final class FollowEventLog implements Consumer<FollowEvent> {

    /** An upper bound for a wait, never the expected time. */
    static final long WAIT_SECONDS = 30;

    private final BlockingQueue<FollowEvent> events = new LinkedBlockingQueue<>();
    private final List<FollowEvent> seen = new ArrayList<>();

    @Override
    public void accept(FollowEvent event) {
        events.add(event);
    }

    /** The next event of a type that passes the test; events before it are kept in {@link #seen()}. */
    <T extends FollowEvent> T await(Class<T> type, Predicate<T> test) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            FollowEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event; seen " + seen);
            }
            seen.add(e);
            if (type.isInstance(e) && test.test(type.cast(e))) {
                return type.cast(e);
            }
        }
    }

    /** Every event taken so far by {@link #await}. */
    List<FollowEvent> seen() {
        return List.copyOf(seen);
    }

    /** Every event reported so far, without waiting. */
    List<FollowEvent> drained() {
        events.drainTo(seen);
        return List.copyOf(seen);
    }
}
