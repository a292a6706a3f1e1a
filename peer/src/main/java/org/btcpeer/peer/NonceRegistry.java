package org.btcpeer.peer;

import java.util.LinkedHashSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The nonces of the version messages our outbound connections sent, so that an inbound version
 * carrying one of them is recognized as a connection to ourselves (Core compares against its
 * outbound connections; btcd keeps the last 50 in a process-wide cache). Bounded: the oldest
 * nonce is forgotten when {@link #capacity()} is reached. One registry is shared by the peers of a
 * process through {@link PeerRuntime}; it is injected, never static.
 *
 * <p>When our inbound side detects a self-connection it also {@linkplain #markSelfConnection marks}
 * the nonce, so the dialing side, which only sees the socket close, reports
 * {@link DisconnectReason#SELF_CONNECTION} too instead of {@link DisconnectReason#REMOTE_CLOSED}.
 */
public final class NonceRegistry {

    /** btcd's {@code sentNonces} size. */
    public static final int DEFAULT_CAPACITY = 50;

    private final int capacity;
    private final LinkedHashSet<Long> nonces = new LinkedHashSet<>();
    private final LinkedHashSet<Long> selfConnections = new LinkedHashSet<>();
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * A registry remembering at most {@code capacity} nonces.
     *
     * @param capacity at least 1
     */
    public NonceRegistry(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** How many nonces it remembers at most. */
    public int capacity() {
        return capacity;
    }

    /**
     * Records a nonce we are about to send.
     *
     * @param nonce the nonce
     */
    public void add(long nonce) {
        lock.lock();
        try {
            if (nonces.add(nonce) && nonces.size() > capacity) {
                nonces.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets a nonce (its connection has completed its handshake or closed).
     *
     * @param nonce the nonce
     */
    public void remove(long nonce) {
        lock.lock();
        try {
            nonces.remove(nonce);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether we sent {@code nonce}.
     *
     * @param nonce a nonce from a received version
     * @return true if it is one of ours
     */
    public boolean contains(long nonce) {
        lock.lock();
        try {
            return nonces.contains(nonce);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that an inbound version carried {@code nonce}, one of ours: the outbound connection
     * that sent it reached ourselves. Call it before closing the inbound side.
     *
     * @param nonce the nonce from the inbound version
     */
    public void markSelfConnection(long nonce) {
        lock.lock();
        try {
            if (selfConnections.add(nonce) && selfConnections.size() > capacity) {
                selfConnections.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether our inbound side saw {@code nonce} come back, and forgets it.
     *
     * @param nonce the nonce an outbound connection sent
     * @return true if that connection reached ourselves
     */
    public boolean takeSelfConnection(long nonce) {
        lock.lock();
        try {
            return selfConnections.remove(nonce);
        } finally {
            lock.unlock();
        }
    }

    /** The number of nonces held. */
    public int size() {
        lock.lock();
        try {
            return nonces.size();
        } finally {
            lock.unlock();
        }
    }
}
