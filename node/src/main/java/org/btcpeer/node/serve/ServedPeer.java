package org.btcpeer.node.serve;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;

/**
 * What {@link ChainServer} remembers about one peer: the best header it was sent and the best block
 * it told us about (Core's {@code m_pindexBestHeaderSent}, {@code pindexBestKnownBlock}: together,
 * which headers it has, for BIP-130 announcements), the getblocks continuation block, and its
 * BIP-37 filter. Guarded by one lock; the filter is used only on the peer's reader thread. Also
 * the sends of its blocks not yet written, oldest first, which only its reader thread touches
 * (unguarded).
 */
final class ServedPeer {

    private final ReentrantLock lock = new ReentrantLock();
    private Hash256 bestHeaderSent;
    private Hash256 bestKnown;
    private Hash256 lastInvAnnounced;
    private Hash256 continuation;
    private BloomFilter filter;
    private final Deque<CompletableFuture<Void>> blocksQueued = new ArrayDeque<>();

    Hash256 bestHeaderSent() {
        lock.lock();
        try {
            return bestHeaderSent;
        } finally {
            lock.unlock();
        }
    }

    void headerSent(Hash256 hash) {
        lock.lock();
        try {
            bestHeaderSent = hash;
        } finally {
            lock.unlock();
        }
    }

    Hash256 bestKnown() {
        lock.lock();
        try {
            return bestKnown;
        } finally {
            lock.unlock();
        }
    }

    void known(Hash256 hash) {
        lock.lock();
        try {
            bestKnown = hash;
        } finally {
            lock.unlock();
        }
    }

    /** Records an inv announcement of {@code hash}; false if that was the last one already announced. */
    boolean invAnnounced(Hash256 hash) {
        lock.lock();
        try {
            if (hash.equals(lastInvAnnounced)) {
                return false;
            }
            lastInvAnnounced = hash;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void continuation(Hash256 hash) {
        lock.lock();
        try {
            continuation = hash;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code hash} is the continuation block; clears it if so. */
    boolean takeContinuation(Hash256 hash) {
        lock.lock();
        try {
            if (hash.equals(continuation)) {
                continuation = null;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    BloomFilter filter() {
        lock.lock();
        try {
            return filter;
        } finally {
            lock.unlock();
        }
    }

    void filter(BloomFilter f) {
        lock.lock();
        try {
            filter = f;
        } finally {
            lock.unlock();
        }
    }

    /** The sends of this peer's blocks, oldest first, that may not be written yet; reader thread only. */
    Deque<CompletableFuture<Void>> blocksQueued() {
        return blocksQueued;
    }
}
