package org.btcpeer.peer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The counters behind {@link IgnoredInput}. Updated by the peer's reader thread, read by snapshot
 * takers. The per-command map is bounded by the known commands: trailing bytes exist only for
 * messages this library decodes.
 */
final class IgnoredInputCounters {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> trailingPerCommand = new TreeMap<>();
    private long trailingBytes;
    private long ignoredMessages;
    private long malformedDropped;

    void trailingBytes(String command, int n) {
        lock.lock();
        try {
            trailingBytes += n;
            trailingPerCommand.merge(command, (long) n, Long::sum);
        } finally {
            lock.unlock();
        }
    }

    /** Counts one message ignored by a protocol rule; returns the count so far (for logs). */
    long ignoredMessage() {
        lock.lock();
        try {
            return ++ignoredMessages;
        } finally {
            lock.unlock();
        }
    }

    /** Counts one malformed message dropped; returns the count so far (for logs). */
    long malformedDropped() {
        lock.lock();
        try {
            return ++malformedDropped;
        } finally {
            lock.unlock();
        }
    }

    IgnoredInput snapshot() {
        lock.lock();
        try {
            return new IgnoredInput(trailingBytes, trailingPerCommand, ignoredMessages, malformedDropped);
        } finally {
            lock.unlock();
        }
    }
}
