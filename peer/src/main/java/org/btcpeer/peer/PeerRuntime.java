package org.btcpeer.peer;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

import org.btcpeer.transport.v2.V2KeyExchange;

/**
 * What the peers of one process share: the clock, the timer scheduler, randomness, the
 * self-connection nonce registry, the inbound inventory timer and the adaptive block-stalling timeout. Passed to
 * every peer explicitly; nothing here is static, so tests and several independent nodes in one JVM
 * do not interfere.
 *
 * <p><b>One runtime per logical node.</b> Peers of one runtime that connect to each other are a
 * self-connection (their version nonces are in one registry): both sides end with
 * {@link DisconnectReason#SELF_CONNECTION}. To run two nodes in one JVM (a test, a proxy), give each
 * its own runtime.
 */
public final class PeerRuntime {

    private final TimeSource time;
    private final PeerScheduler scheduler;
    private final RandomGenerator random;
    private final NonceRegistry nonces;
    private final BlockStallingTimeout blockStalling = new BlockStallingTimeout();
    private final ReentrantLock inboundTimerLock = new ReentrantLock();
    private long nextInboundInvNanos;
    private boolean inboundTimerSet;

    /**
     * A runtime from its parts.
     *
     * @param time      the clock
     * @param scheduler the timer scheduler
     * @param random    randomness for nonces and trickle delays
     * @param nonces    the self-connection registry
     */
    public PeerRuntime(TimeSource time, PeerScheduler scheduler, RandomGenerator random, NonceRegistry nonces) {
        this.time = Objects.requireNonNull(time, "time");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /** A runtime with the system clock, one scheduler thread, a {@link SecureRandom} and a 50-entry nonce registry. */
    public static PeerRuntime create() {
        return new PeerRuntime(TimeSource.system(), PeerScheduler.singleThreaded(), new SecureRandom(),
                new NonceRegistry(NonceRegistry.DEFAULT_CAPACITY));
    }

    /** The clock. */
    public TimeSource time() {
        return time;
    }

    /** The timer scheduler. */
    public PeerScheduler scheduler() {
        return scheduler;
    }

    /**
     * The randomness source as given. A {@link RandomGenerator} need not be thread-safe, so every
     * user in btcpeer (peers, the connection manager, the address book) draws from it inside
     * {@code synchronized (random)}: one lock, the generator itself; each draw is short and never blocks.
     */
    public RandomGenerator random() {
        return random;
    }

    /** The self-connection nonce registry. */
    public NonceRegistry nonces() {
        return nonces;
    }

    /**
     * The secp256k1 provider of this process's v2 handshakes, for logs and stats: peers build their
     * {@link org.btcpeer.transport.TransportConfig} with its default,
     * {@link V2KeyExchange#defaultProvider()} ({@code name()} is {@code "libsecp256k1"} or
     * {@code "bouncycastle"}; chosen once from the system property {@code btcpeer.secp256k1}).
     *
     * @return the provider
     */
    public V2KeyExchange secp256k1() {
        return V2KeyExchange.defaultProvider();
    }

    /** Core's adaptive block-stalling timeout, shared by this runtime's peers. */
    BlockStallingTimeout blockStalling() {
        return blockStalling;
    }


    /**
     * Core's {@code NextInvToInbounds}: all inbound peers share one Poisson timer, so that an
     * observer connecting many times learns nothing from announcement timing. Returns the shared
     * next send time, drawing a new one once the previous has passed.
     *
     * @param nowNanos     the current time
     * @param averageNanos the average interval
     * @return the next send time for inbound peers
     */
    long nextInboundInventorySend(long nowNanos, long averageNanos) {
        inboundTimerLock.lock();
        try {
            if (!inboundTimerSet || nextInboundInvNanos - nowNanos < 0) {
                nextInboundInvNanos = nowNanos + exponentialDelay(averageNanos);
                inboundTimerSet = true;
            }
            return nextInboundInvNanos;
        } finally {
            inboundTimerLock.unlock();
        }
    }

    /**
     * An exponentially distributed delay with the given mean (a Poisson process's gaps), as Core's
     * {@code rand_exp_duration}.
     *
     * @param averageNanos the mean
     * @return the delay
     */
    long exponentialDelay(long averageNanos) {
        double u;
        synchronized (random) {
            u = random.nextDouble();
        }
        return (long) (-Math.log1p(-u) * averageNanos);
    }

    /**
     * A uniformly random int in {@code [0, bound)}.
     *
     * @param bound the exclusive upper bound, positive
     * @return the value
     */
    long uniformInt(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    /**
     * A uniformly random long in {@code [0, bound)}.
     *
     * @param bound the exclusive upper bound, positive
     * @return the value
     */
    long uniformLong(long bound) {
        synchronized (random) {
            return random.nextLong(bound);
        }
    }

    /** A non-zero random 64-bit value (ping and version nonces). */
    long nonZeroNonce() {
        long n;
        do {
            synchronized (random) {
                n = random.nextLong();
            }
        } while (n == 0);
        return n;
    }
}
