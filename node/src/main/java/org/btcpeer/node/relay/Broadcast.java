package org.btcpeer.node.relay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.chain.Transaction;

/**
 * One transaction {@link Relay#broadcast} announced: to how many peers, and which of them have asked
 * for it since (a getdata naming its txid or wtxid). A peer that asks is the evidence that the
 * announcement arrived and the peer wants the transaction.
 *
 * <p>Thread-safe. Futures complete on the thread of the peer whose getdata completed them.
 */
public final class Broadcast {

    private record Waiter(int peers, CompletableFuture<Integer> future) {
    }

    private final Transaction transaction;
    private final int announcedTo;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Long> requesters = new HashSet<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean evicted;

    Broadcast(Transaction transaction, int announcedTo) {
        this.transaction = transaction;
        this.announcedTo = announcedTo;
    }

    /** The transaction. */
    public Transaction transaction() {
        return transaction;
    }

    /** How many peers it was queued for (each announces on its own trickle timer, unless it learns of it first). */
    public int announcedTo() {
        return announcedTo;
    }

    /** How many different peers asked for it so far. */
    public int requestCount() {
        lock.lock();
        try {
            return requesters.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes once {@code peers} different peers have asked for the transaction, with the count
     * then; fails with {@link CancellationException} if it leaves the relay's recently-announced map
     * first (newer broadcasts pushed it out). Add a timeout with {@link CompletableFuture#orTimeout}.
     *
     * @param peers how many, at least 1
     * @return the future
     */
    public CompletableFuture<Integer> requestedBy(int peers) {
        if (peers < 1) {
            throw new IllegalArgumentException("at least one peer: " + peers);
        }
        CompletableFuture<Integer> f = new CompletableFuture<>();
        int now;
        lock.lock();
        try {
            now = requesters.size();
            if (now < peers && !evicted) {
                waiters.add(new Waiter(peers, f));
                return f;
            }
        } finally {
            lock.unlock();
        }
        if (now >= peers) {
            f.complete(now);
        } else {
            f.completeExceptionally(evictedException());
        }
        return f;
    }

    /** A peer asked for it. */
    void requested(long peerId) {
        List<Waiter> done = new ArrayList<>();
        int count;
        lock.lock();
        try {
            if (!requesters.add(peerId)) {
                return;
            }
            count = requesters.size();
            waiters.removeIf(w -> w.peers() <= count && done.add(w));
        } finally {
            lock.unlock();
        }
        done.forEach(w -> w.future().complete(count)); // outside the lock: callbacks may run here
    }

    /** It left the recently-announced map: pending futures fail. */
    void evicted() {
        List<Waiter> pending;
        lock.lock();
        try {
            evicted = true;
            pending = List.copyOf(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        pending.forEach(w -> w.future().completeExceptionally(evictedException()));
    }

    private CancellationException evictedException() {
        return new CancellationException("transaction " + transaction.txid()
                + " left the recently-announced map before enough peers asked for it");
    }
}
