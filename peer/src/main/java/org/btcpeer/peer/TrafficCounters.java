package org.btcpeer.peer;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-command message and byte counts for one direction (Core's getpeerinfo
 * {@code bytessent_per_msg} / {@code bytesrecv_per_msg}). Updated by one thread (the reader or the
 * writer), read by snapshot takers.
 */
final class TrafficCounters {

    /** Core's bucket for message types it does not know; keeps the map bounded by the known commands. */
    static final String OTHER = "*other*";

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, long[]> byCommand = new HashMap<>();
    private long totalBytes;

    /** Counts a message; unknown commands (raw messages) all share the {@link #OTHER} bucket. */
    void count(org.btcpeer.wire.message.Message message, int bytes) {
        String key = message instanceof org.btcpeer.wire.message.KnownMessage k ? k.command().wireName() : OTHER;
        lock.lock();
        try {
            long[] c = byCommand.computeIfAbsent(key, k -> new long[2]);
            c[0]++;
            c[1] += bytes;
            totalBytes += bytes;
        } finally {
            lock.unlock();
        }
    }

    long totalBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    Map<String, CommandCounters> snapshot() {
        lock.lock();
        try {
            Map<String, CommandCounters> out = new TreeMap<>();
            byCommand.forEach((k, v) -> out.put(k, new CommandCounters(v[0], v[1])));
            return java.util.Collections.unmodifiableMap(out);
        } finally {
            lock.unlock();
        }
    }
}
