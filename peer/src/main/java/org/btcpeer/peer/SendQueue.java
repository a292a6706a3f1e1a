package org.btcpeer.peer;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.message.Message;

/**
 * The peer's outbound queue, bounded in bytes, feeding the one writer thread in order.
 *
 * <p>Like Core's send buffer ({@code DEFAULT_MAXSENDBUFFER}), the limit is checked against what is
 * already queued: a message is accepted while the queue holds less than the limit, so one large
 * block always fits into an idle queue, and further sends fail fast once the limit is reached.
 * Every accepted message's future completes exactly once: when its bytes are written, or with
 * {@link PeerDisconnectedException} when the peer goes away first.
 *
 * <p>It also knows how long its oldest unwritten entry has waited (Peerlink's send-queue
 * telemetry) and can close itself once drained ({@link #closeWhenDrained}, for
 * {@link Peer#disconnectAfterFlush}).
 */
final class SendQueue {

    /** One queued message, its payload already encoded (so its size is exact), when it was queued, and its completion. */
    record Entry(Message message, ByteString payload, long queuedAtNanos, CompletableFuture<Void> done) {
        int size() {
            return payload.size() + 24;
        }
    }

    private final long limitBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    /** Entries the writer took and has not yet marked written, oldest first. */
    private final ArrayDeque<Entry> writing = new ArrayDeque<>();
    private long queuedBytes;
    private PeerDisconnect closedWith;
    private Runnable whenDrained;

    SendQueue(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * Queues a message.
     *
     * @param nowNanos the runtime's monotonic time, for {@link #oldestQueuedAtNanos()}
     * @return the completion future, already failed if the queue is full, draining or closed
     */
    CompletableFuture<Void> offer(Message message, ByteString payload, long nowNanos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Entry e = new Entry(message, payload, nowNanos, done);
        lock.lock();
        try {
            if (closedWith != null) {
                done.completeExceptionally(new PeerDisconnectedException(closedWith));
                return done;
            }
            if (whenDrained != null) {
                done.completeExceptionally(new SendRefusedException(message.commandName(),
                        "the peer is disconnecting once its queued messages are written"));
                return done;
            }
            if (queuedBytes >= limitBytes) {
                done.completeExceptionally(new SendQueueFullException(message.commandName(), queuedBytes, limitBytes));
                return done;
            }
            queue.addLast(e);
            queuedBytes += e.size();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    /**
     * Takes the next message, waiting until there is one; the entry's bytes stay counted until
     * {@link #written(Entry)}.
     *
     * @return the entry, or null when closed and empty
     */
    Entry take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closedWith != null) {
                    return null;
                }
                notEmpty.await();
            }
            Entry e = queue.pollFirst();
            writing.addLast(e);
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves further queued entries, without waiting, into {@code batch} (which already holds the
     * entry just taken), up to {@code maxEntries} entries or {@code maxBytes} bytes in all.
     */
    void drainTo(java.util.List<Entry> batch, int maxEntries, long maxBytes) {
        lock.lock();
        try {
            long bytes = 0;
            for (Entry e : batch) {
                bytes += e.size();
            }
            while (batch.size() < maxEntries && !queue.isEmpty() && bytes + queue.peekFirst().size() <= maxBytes) {
                Entry e = queue.pollFirst();
                writing.addLast(e);
                batch.add(e);
                bytes += e.size();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks an entry written (entries are written in order): its bytes leave the count. */
    void written(Entry e) {
        Runnable drained = null;
        lock.lock();
        try {
            queuedBytes -= e.size();
            writing.remove(e);
            if (whenDrained != null && queue.isEmpty() && writing.isEmpty()) {
                drained = whenDrained;
            }
        } finally {
            lock.unlock();
        }
        if (drained != null) {
            drained.run(); // outside the lock: it closes this queue
        }
    }

    /**
     * Refuses further offers and runs {@code drained} once every queued entry is written (at once,
     * on this thread, if none is queued). Nothing happens if the queue is already closed.
     */
    void closeWhenDrained(Runnable drained) {
        boolean now;
        lock.lock();
        try {
            if (closedWith != null || whenDrained != null) {
                return;
            }
            whenDrained = drained;
            now = queue.isEmpty() && writing.isEmpty();
        } finally {
            lock.unlock();
        }
        if (now) {
            drained.run();
        }
    }

    /** When the oldest entry not yet written was queued, or empty when everything is written. */
    java.util.OptionalLong oldestQueuedAtNanos() {
        lock.lock();
        try {
            Entry oldest = writing.isEmpty() ? queue.peekFirst() : writing.peekFirst();
            return oldest == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(oldest.queuedAtNanos());
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue holds its limit or more (sends are being refused). */
    boolean isFull() {
        lock.lock();
        try {
            return queuedBytes >= limitBytes;
        } finally {
            lock.unlock();
        }
    }

    long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    long limitBytes() {
        return limitBytes;
    }

    /**
     * Closes the queue: every queued future fails with the disconnect, later offers fail at once,
     * and a waiting writer wakes up.
     */
    void close(PeerDisconnect disconnect) {
        ArrayDeque<Entry> failed;
        lock.lock();
        try {
            if (closedWith != null) {
                return;
            }
            closedWith = disconnect;
            failed = new ArrayDeque<>(queue);
            queue.clear();
            queuedBytes = 0;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        // Complete outside the lock: dependent actions may run on this thread.
        PeerDisconnectedException ex = new PeerDisconnectedException(disconnect);
        for (Entry e : failed) {
            e.done().completeExceptionally(ex);
        }
    }
}
