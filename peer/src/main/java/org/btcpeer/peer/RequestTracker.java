package org.btcpeer.peer;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;

/**
 * Deadlines for requests that expect an answer (btcd's stall handler): objects asked for with
 * getdata must arrive (or be named in a notfound), and a getheaders must get a headers reply.
 * Every matching answer counts as progress and restarts the getdata deadline, so a peer that
 * delivers a long download steadily is not a staller. Bounded: at most {@link #MAX_TRACKED}
 * outstanding hashes are tracked.
 */
final class RequestTracker {

    /** The most outstanding getdata hashes tracked (Core's {@code MAX_INV_SZ}). */
    static final int MAX_TRACKED = 50_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Hash256> outstanding = new HashSet<>();
    private long lastDataProgressNanos;
    private long headersRequestedNanos;
    private boolean headersPending;

    void dataRequested(Iterable<Hash256> hashes, long nowNanos) {
        lock.lock();
        try {
            if (outstanding.isEmpty()) {
                lastDataProgressNanos = nowNanos;
            }
            for (Hash256 h : hashes) {
                if (outstanding.size() >= MAX_TRACKED) {
                    break;
                }
                outstanding.add(h);
            }
        } finally {
            lock.unlock();
        }
    }

    /** An answer arrived for any of {@code hashes} (a block, tx, merkleblock, or a notfound entry). */
    void dataReceived(Iterable<Hash256> hashes, long nowNanos) {
        lock.lock();
        try {
            boolean progress = false;
            for (Hash256 h : hashes) {
                progress |= outstanding.remove(h);
            }
            if (progress) {
                lastDataProgressNanos = nowNanos;
            }
        } finally {
            lock.unlock();
        }
    }

    void headersRequested(long nowNanos) {
        lock.lock();
        try {
            if (!headersPending) {
                headersPending = true;
                headersRequestedNanos = nowNanos;
            }
        } finally {
            lock.unlock();
        }
    }

    void headersReceived() {
        lock.lock();
        try {
            headersPending = false;
        } finally {
            lock.unlock();
        }
    }

    /** The earliest deadline, or {@code Long.MAX_VALUE} when nothing is outstanding. */
    long nextDeadline(long dataTimeoutNanos, long headersTimeoutNanos) {
        lock.lock();
        try {
            long d = Long.MAX_VALUE;
            if (!outstanding.isEmpty()) {
                d = lastDataProgressNanos + dataTimeoutNanos;
            }
            if (headersPending) {
                d = Math.min(d, headersRequestedNanos + headersTimeoutNanos);
            }
            return d;
        } finally {
            lock.unlock();
        }
    }

    /** A description of the stalled request if a deadline has passed. */
    Optional<String> stalled(long nowNanos, long dataTimeoutNanos, long headersTimeoutNanos) {
        lock.lock();
        try {
            if (headersPending && nowNanos - (headersRequestedNanos + headersTimeoutNanos) >= 0) {
                return Optional.of("no headers within " + headersTimeoutNanos / 1_000_000_000L + " s of getheaders");
            }
            if (!outstanding.isEmpty() && nowNanos - (lastDataProgressNanos + dataTimeoutNanos) >= 0) {
                return Optional.of(outstanding.size() + " requested objects not delivered within "
                        + dataTimeoutNanos / 1_000_000_000L + " s");
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    int outstandingCount() {
        lock.lock();
        try {
            return outstanding.size();
        } finally {
            lock.unlock();
        }
    }
}
