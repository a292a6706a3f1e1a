package org.btcpeer.peer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;

/**
 * The requests we sent one peer and their deadlines, under {@link RequestTimeouts}: blocks in
 * flight (Core's {@code vBlocksInFlight} and {@code m_downloading_since}), whether the peer blocks
 * the download window ({@code m_stalling_since}), tx requests that expire
 * ({@code TxRequestTracker}, {@code GETDATA_TX_INTERVAL}) and the headers-sync deadline
 * ({@code m_headers_sync_timeout}). A block, tx, merkleblock, compact block or a notfound entry
 * completes the matching request.
 *
 * <p>Bounded: at most {@link #MAX_TRACKED} blocks and as many txs are tracked; requests beyond
 * that are sent but not timed. All times are on the runtime's monotonic clock.
 */
final class RequestTracker {

    /** The most outstanding block requests, and tx requests, tracked (Core's {@code MAX_INV_SZ}). */
    static final int MAX_TRACKED = 50_000;

    /** What ended a peer, or why not. */
    record Verdict(long nextDeadlineNanos, Optional<String> stall, boolean stalling) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Hash256, Long> blocks = new LinkedHashMap<>(); // in request order
    private final LinkedHashMap<Hash256, Long> txs = new LinkedHashMap<>(); // hash -> expiry, in expiry order
    private long downloadingSinceNanos;
    private long stallingSinceNanos;
    private boolean stalling;
    private long headersSyncDeadlineNanos;
    private boolean headersSync;
    private long expiredTx;

    /** Records the items of a getdata we sent. */
    void requested(Iterable<InventoryVector> items, long nowNanos, long txExpiryNanos) {
        lock.lock();
        try {
            for (InventoryVector v : items) {
                if (v.isBlock()) {
                    if (blocks.size() < MAX_TRACKED && blocks.putIfAbsent(v.hash(), nowNanos) == null && blocks.size() == 1) {
                        downloadingSinceNanos = nowNanos; // Core: the first block in flight starts the clock
                    }
                } else if (v.isTransaction() && txs.size() < MAX_TRACKED) {
                    txs.putIfAbsent(v.hash(), nowNanos + txExpiryNanos);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A block (or its filtered or compact form) arrived.
     *
     * @return whether it answered a request of ours
     */
    boolean blockReceived(Hash256 hash, long nowNanos) {
        lock.lock();
        try {
            Iterator<Hash256> first = blocks.keySet().iterator();
            boolean wasFirst = first.hasNext() && first.next().equals(hash);
            if (blocks.remove(hash) == null) {
                return false;
            }
            if (wasFirst) {
                // Core: the next block's timeout counts from now, never from earlier.
                downloadingSinceNanos = Math.max(downloadingSinceNanos, nowNanos);
            }
            stalling = false; // Core's RemoveBlockRequest resets m_stalling_since
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A tx arrived; it may have been requested by either id. */
    void txReceived(Hash256 txid, Hash256 wtxid) {
        lock.lock();
        try {
            txs.remove(txid);
            txs.remove(wtxid);
        } finally {
            lock.unlock();
        }
    }

    /** A notfound: the named requests are complete (Core's {@code ReceivedResponse} for txs). */
    void notFound(Iterable<InventoryVector> items, long nowNanos) {
        for (InventoryVector v : items) {
            if (v.isBlock()) {
                blockReceived(v.hash(), nowNanos);
            } else {
                lock.lock();
                try {
                    txs.remove(v.hash());
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Whether any tx request is outstanding (answers by tx are matched only then). */
    boolean awaitingTransactions() {
        lock.lock();
        try {
            return !txs.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The application says whether this peer blocks its block download window (Core's staller). */
    void setBlockingDownloadWindow(boolean blocking, long nowNanos) {
        lock.lock();
        try {
            if (blocking && !stalling) {
                stallingSinceNanos = nowNanos;
            }
            stalling = blocking;
        } finally {
            lock.unlock();
        }
    }

    /** The application made this peer its initial headers-sync peer, with this deadline. */
    void startHeadersSync(long deadlineNanos) {
        lock.lock();
        try {
            headersSync = true;
            headersSyncDeadlineNanos = deadlineNanos;
        } finally {
            lock.unlock();
        }
    }

    /** The headers sync caught up (or moved to another peer): no headers deadline any more. */
    void endHeadersSync() {
        lock.lock();
        try {
            headersSync = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Expires tx requests and checks the block, stalling and headers deadlines.
     *
     * @param blockTimeoutNanos    the per-block timeout now
     * @param stallingTimeoutNanos the stalling timeout now
     * @return the earliest future deadline and, if one has passed, why the peer stalls
     */
    Verdict check(long nowNanos, long blockTimeoutNanos, long stallingTimeoutNanos) {
        lock.lock();
        try {
            for (Iterator<Map.Entry<Hash256, Long>> it = txs.entrySet().iterator(); it.hasNext(); ) {
                if (nowNanos - it.next().getValue() < 0) {
                    break;
                }
                it.remove();
                expiredTx++;
            }
            long next = Long.MAX_VALUE;
            if (!txs.isEmpty()) {
                next = txs.values().iterator().next();
            }
            if (stalling) {
                long at = stallingSinceNanos + stallingTimeoutNanos;
                if (nowNanos - at >= 0) {
                    return new Verdict(Long.MAX_VALUE, Optional.of("peer is stalling block download (no block within "
                            + stallingTimeoutNanos / 1_000_000 + " ms while blocking the download window)"), true);
                }
                next = Math.min(next, at);
            }
            if (!blocks.isEmpty()) {
                long at = downloadingSinceNanos + blockTimeoutNanos;
                if (nowNanos - at >= 0) {
                    return new Verdict(Long.MAX_VALUE, Optional.of("timeout downloading block "
                            + blocks.keySet().iterator().next() + " (" + blockTimeoutNanos / 1_000_000_000L + " s)"), false);
                }
                next = Math.min(next, at);
            }
            if (headersSync) {
                if (nowNanos - headersSyncDeadlineNanos >= 0) {
                    return new Verdict(Long.MAX_VALUE, Optional.of("timeout downloading headers from the sync peer"), false);
                }
                next = Math.min(next, headersSyncDeadlineNanos);
            }
            return new Verdict(next, Optional.empty(), false);
        } finally {
            lock.unlock();
        }
    }

    /** Tx requests that expired unanswered so far. */
    long expiredTxRequests() {
        lock.lock();
        try {
            return expiredTx;
        } finally {
            lock.unlock();
        }
    }

    /** Outstanding block requests. */
    int blocksInFlight() {
        lock.lock();
        try {
            return blocks.size();
        } finally {
            lock.unlock();
        }
    }

    /** Outstanding tx requests. */
    int txsInFlight() {
        lock.lock();
        try {
            return txs.size();
        } finally {
            lock.unlock();
        }
    }
}
