package org.btcpeer.peer.inbound;

import java.net.InetAddress;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Addresses of peers that broke a protocol rule, Core's {@code BanMan::m_discouraged}: a
 * {@link RollingBloomFilter} of {@value #CAPACITY} addresses at a false-positive rate of one in a
 * million (about 527 KiB, fixed). A discouraged address is not refused outright: it is admitted
 * while inbound slots are free and is the first evicted (Core's {@code AcceptConnection} and
 * {@code prefer_evict}). Loopback addresses are never discouraged unless configured otherwise
 * (Core's {@code MaybeDiscourageAndDisconnect}: "Not discouraging local peer"), so a local
 * wallet or test harness is only disconnected. Thread-safe.
 */
public final class Discouragement {

    /** Addresses remembered (Core's {@code m_discouraged{50000, 0.000001}}). */
    public static final int CAPACITY = 50_000;

    /** False-positive rate of the filter (Core's 0.000001). */
    public static final double FALSE_POSITIVE_RATE = 0.000001;

    private final ReentrantLock lock = new ReentrantLock();
    private final RollingBloomFilter filter;
    private final boolean discourageLoopback;

    /**
     * Creates an empty set.
     *
     * @param discourageLoopback discourage loopback addresses too (false in production, as Core;
     *                           true lets tests on 127.x.y.z exercise discouragement)
     * @param random             the source of the filter's hash tweak
     */
    public Discouragement(boolean discourageLoopback, RandomGenerator random) {
        this.filter = new RollingBloomFilter(CAPACITY, FALSE_POSITIVE_RATE, random);
        this.discourageLoopback = discourageLoopback;
    }

    /**
     * Discourages {@code address}, unless it is a loopback address and those are exempt.
     *
     * @param address the peer's IP address
     * @return whether it was discouraged (false for an exempt loopback address)
     */
    public boolean discourage(InetAddress address) {
        if (address.isLoopbackAddress() && !discourageLoopback) {
            return false;
        }
        lock.lock();
        try {
            filter.insert(address.getAddress());
        } finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * Whether {@code address} was discouraged recently (Core's {@code IsDiscouraged}).
     *
     * @param address the IP address
     * @return true if discouraged (or a one-in-a-million false positive)
     */
    public boolean isDiscouraged(InetAddress address) {
        lock.lock();
        try {
            return filter.contains(address.getAddress());
        } finally {
            lock.unlock();
        }
    }

    /** The fixed size of the filter in bytes. */
    public long sizeInBytes() {
        return filter.sizeInBytes();
    }
}
