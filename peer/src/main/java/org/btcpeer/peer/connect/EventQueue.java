package org.btcpeer.peer.connect;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the peers and an {@link EventLoopHandle}'s consumer, with a policy for
 * a consumer that falls behind:
 *
 * <ul>
 *   <li><b>Messages apply backpressure.</b> A {@link ConnectionEvent.MessageReceived} is offered
 *       by the peer's reader thread, which waits while the queue holds {@code capacity - reserve}
 *       events or more. The peer then reads nothing more; TCP flow control slows the remote down,
 *       and nothing is lost. (A consumer that stops for good leaves its peers unread until their
 *       pong or idle timeouts end them.)</li>
 *   <li><b>Lifecycle events never block</b> (connected, disconnected, address failed, send
 *       rejected, stopped): they come from manager and scheduler threads that must not stall. They
 *       may use the last {@code reserve} slots, kept free of messages; if even those are full, the
 *       event is dropped and counted in {@link #droppedCount()}.</li>
 * </ul>
 *
 * After {@link #close()} waiting producers return at once (their events are dropped and counted);
 * the consumer can still take what is queued.
 */
final class EventQueue {

    private final int capacity;
    private final int messageLimit;
    private final ArrayDeque<ConnectionEvent> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition roomForMessages = lock.newCondition();
    private long dropped;
    private boolean closed;

    EventQueue(int capacity, int reserve) {
        if (capacity < 2 || reserve < 1 || reserve >= capacity) {
            throw new IllegalArgumentException("need capacity >= 2 and 1 <= reserve < capacity");
        }
        this.capacity = capacity;
        this.messageLimit = capacity - reserve;
        this.queue = new ArrayDeque<>(capacity);
    }

    /** Queues a message event, waiting while the message share of the queue is full (backpressure). */
    void putMessage(ConnectionEvent e) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && queue.size() >= messageLimit) {
                roomForMessages.await();
            }
            if (closed) {
                dropped++;
                return;
            }
            queue.addLast(e);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a lifecycle event without waiting; drops and counts it if the queue is completely full. */
    boolean offerLifecycle(ConnectionEvent e) {
        lock.lock();
        try {
            if (queue.size() >= capacity) {
                dropped++;
                return false;
            }
            queue.addLast(e);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    ConnectionEvent take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                notEmpty.await();
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    Optional<ConnectionEvent> poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return Optional.of(removeFirst());
        } finally {
            lock.unlock();
        }
    }

    private ConnectionEvent removeFirst() {
        ConnectionEvent e = queue.removeFirst();
        if (queue.size() < messageLimit) {
            roomForMessages.signalAll();
        }
        return e;
    }

    /** Stops waiting producers. */
    void close() {
        lock.lock();
        try {
            closed = true;
            roomForMessages.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long droppedCount() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
