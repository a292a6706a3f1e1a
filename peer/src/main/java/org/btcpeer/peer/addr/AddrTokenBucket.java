package org.btcpeer.peer.addr;

import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.peer.TimeSource;

/**
 * Core's per-peer address rate limit (net_processing.cpp): a token bucket that starts with one
 * token, refills at {@value #RATE_PER_SECOND} per second ({@code MAX_ADDR_RATE_PER_SECOND}) up to
 * {@value #MAX_TOKENS} ({@code MAX_ADDR_PROCESSING_TOKEN_BUCKET} = {@code MAX_ADDR_TO_SEND}), and
 * gains {@value #MAX_TOKENS} tokens when we send the peer a getaddr, so the answer is processed in
 * full. Each address processed costs one token; addresses beyond the tokens are dropped and counted.
 */
public final class AddrTokenBucket {

    /** Core's {@code MAX_ADDR_RATE_PER_SECOND}. */
    public static final double RATE_PER_SECOND = 0.1;
    /** Core's {@code MAX_ADDR_PROCESSING_TOKEN_BUCKET} (= {@code MAX_ADDR_TO_SEND}). */
    public static final int MAX_TOKENS = 1000;

    private final TimeSource time;
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens = 1.0;
    private long lastNanos;
    private long rateLimited;

    /**
     * A bucket with Core's initial single token.
     *
     * @param time the clock
     */
    public AddrTokenBucket(TimeSource time) {
        this.time = time;
        this.lastNanos = time.nanoTime();
    }

    /** We sent the peer a getaddr: its answer of up to 1,000 addresses may be processed in full (uncapped, as Core). */
    public void creditGetAddr() {
        lock.lock();
        try {
            tokens += MAX_TOKENS;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refills for the time elapsed, then takes up to {@code wanted} tokens.
     *
     * @param wanted the addresses in a message
     * @return how many of them may be processed (the first ones); the rest are counted as rate-limited
     */
    public int take(int wanted) {
        lock.lock();
        try {
            long now = time.nanoTime();
            if (tokens < MAX_TOKENS) {
                double increment = Math.max(0, now - lastNanos) / 1e9 * RATE_PER_SECOND;
                tokens = Math.min(tokens + increment, MAX_TOKENS);
            }
            lastNanos = now;
            int granted = (int) Math.min(wanted, Math.floor(tokens));
            tokens -= granted;
            rateLimited += wanted - granted;
            return granted;
        } finally {
            lock.unlock();
        }
    }

    /** The tokens available now (without refilling). */
    public double tokens() {
        lock.lock();
        try {
            return tokens;
        } finally {
            lock.unlock();
        }
    }

    /** Addresses dropped by the limit so far. */
    public long rateLimitedCount() {
        lock.lock();
        try {
            return rateLimited;
        } finally {
            lock.unlock();
        }
    }
}
