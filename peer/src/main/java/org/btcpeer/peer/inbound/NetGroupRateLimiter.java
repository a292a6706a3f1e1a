package org.btcpeer.peer.inbound;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Token buckets of new inbound handshakes, one per keyed network group, so that a flood from one
 * group spends only its own group's tokens and an honest peer from another group still gets in.
 * A token is taken only when a connection is admitted ({@link #tryTake}); a refused socket costs
 * nothing. Memory is bounded: at most {@code maxGroups} buckets (about 64 bytes each); when the
 * table is full, buckets that have refilled completely are dropped (they hold no state worth
 * keeping), and if none has, new groups share one overflow bucket. Not thread-safe: the acceptor
 * calls it under its admission lock. Core has no such limit (it accepts as fast as it can).
 */
public final class NetGroupRateLimiter {

    private final double perSecond;
    private final int burst;
    private final int maxGroups;
    private final Map<Long, Bucket> buckets = new HashMap<>();
    private final Bucket overflow;

    /**
     * A limiter.
     *
     * @param perSecond sustained handshakes per second per group
     * @param burst     handshakes a group may start at once
     * @param maxGroups buckets kept at most
     * @param nowNanos  the current time
     */
    public NetGroupRateLimiter(double perSecond, int burst, int maxGroups, long nowNanos) {
        if (!(perSecond > 0) || burst < 1 || maxGroups < 1) {
            throw new IllegalArgumentException("rate, burst and maxGroups must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxGroups = maxGroups;
        this.overflow = new Bucket(burst, nowNanos);
    }

    /**
     * Whether the group has a token now (nothing is spent).
     *
     * @param group    the keyed network group
     * @param nowNanos the current time
     * @return true if {@link #take} would succeed
     */
    public boolean hasToken(long group, long nowNanos) {
        Bucket b = buckets.get(group);
        if (b == null) {
            return buckets.size() < maxGroups || purgeFull(nowNanos) || refill(overflow, nowNanos) >= 1;
        }
        return refill(b, nowNanos) >= 1;
    }

    /**
     * Spends one token of the group: call only for an admitted connection, after {@link #hasToken}.
     *
     * @param group    the keyed network group
     * @param nowNanos the current time
     */
    public void take(long group, long nowNanos) {
        Bucket b = buckets.get(group);
        if (b == null) {
            b = buckets.size() < maxGroups || purgeFull(nowNanos) ? new Bucket(burst, nowNanos) : overflow;
            if (b != overflow) {
                buckets.put(group, b);
            }
        }
        refill(b, nowNanos);
        b.tokens = Math.max(0, b.tokens - 1);
    }

    /**
     * Takes a token if the group has one.
     *
     * @param group    the keyed network group
     * @param nowNanos the current time
     * @return whether a token was taken
     */
    public boolean tryTake(long group, long nowNanos) {
        if (!hasToken(group, nowNanos)) {
            return false;
        }
        take(group, nowNanos);
        return true;
    }

    /** Buckets held now (for tests and memory statements). */
    public int groupCount() {
        return buckets.size();
    }

    private boolean purgeFull(long nowNanos) {
        boolean any = false;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (refill(it.next(), nowNanos) >= burst) {
                it.remove();
                any = true;
            }
        }
        return any;
    }

    private double refill(Bucket b, long nowNanos) {
        b.tokens = Math.min(burst, b.tokens + Math.max(0, nowNanos - b.lastNanos) / 1e9 * perSecond);
        b.lastNanos = Math.max(b.lastNanos, nowNanos);
        return b.tokens;
    }

    /** One group's tokens. */
    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }
    }
}
