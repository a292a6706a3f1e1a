package org.btcpeer.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;

/**
 * Batches transaction announcements and releases them on a randomized schedule, as Core's
 * {@code SendMessages} does: a per-peer Poisson timer for outbound peers (mean 2 s), one timer
 * shared by all inbound peers (mean 5 s), and per release at most
 * {@code min(1000, 70 + 5 per 1000 queued)} entries ({@code INVENTORY_BROADCAST_TARGET},
 * {@code INVENTORY_BROADCAST_MAX}), best first by the caller's ordering key (Core sorts by mempool
 * ancestor score, {@code CompareInvMempoolOrder}; equal keys go out in announcement order).
 *
 * <p>Whether a tx goes out as {@code MSG_WTX} or {@code MSG_TX} is decided at release, from what
 * was negotiated by then (BIP-339): Core keeps wtxids in its queue and picks the type when sending.
 * Entries the peer already knows, or below its feefilter, are dropped at release time. The queue
 * is bounded; announcements beyond the bound are dropped and counted. A release costs
 * O(k log n) for k entries taken from n pending (a binary heap).
 */
final class InventoryTrickler {

    /** Core's {@code INVENTORY_BROADCAST_PER_SECOND} (14 since v28) × {@code INBOUND_INVENTORY_BROADCAST_INTERVAL} (5 s). */
    static final int BROADCAST_TARGET = 70;
    /** Core's {@code INVENTORY_BROADCAST_MAX}. */
    static final int BROADCAST_MAX = 1000;

    /**
     * One pending announcement: a tx by both ids (the type is chosen at release), or a vector the
     * caller fixed ({@code fixed} non-null).
     */
    private record Pending(Hash256 txid, Hash256 wtxid, InventoryVector fixed, long feeRate, long order, long seq) {

        InventoryVector vector(boolean wtxidRelay) {
            if (fixed != null) {
                return fixed;
            }
            return wtxidRelay ? InventoryVector.wtx(wtxid) : InventoryVector.tx(txid);
        }

        Hash256 key() {
            return fixed != null ? fixed.hash() : wtxid;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Best first: higher ordering key, then earlier announcement. */
    private final PriorityQueue<Pending> heap = new PriorityQueue<>((a, b) ->
            a.order != b.order ? Long.compare(b.order, a.order) : Long.compare(a.seq, b.seq));
    private final Map<Hash256, Pending> byKey = new HashMap<>();
    private final int maxPending;
    private long seq;
    private long dropped;
    private long nextSendNanos = Long.MAX_VALUE;

    InventoryTrickler(int maxPending) {
        this.maxPending = maxPending;
    }

    /**
     * Queues a transaction whose inv type is chosen at release.
     *
     * @param feeRate its fee rate in sat/kvB, or -1 if unknown (never filtered)
     * @param order   the ordering key: higher goes first
     * @return true if this made the queue non-empty (the caller schedules a release)
     */
    boolean addTransaction(Hash256 txid, Hash256 wtxid, long feeRate, long order) {
        return add(new Pending(txid, wtxid, null, feeRate, order, 0));
    }

    /**
     * Queues an inventory vector as given.
     *
     * @param feeRate its fee rate in sat/kvB, or -1 if unknown (never filtered)
     * @return true if this made the queue non-empty
     */
    boolean add(InventoryVector inv, long feeRate) {
        return add(new Pending(inv.hash(), inv.hash(), inv, feeRate, feeRate, 0));
    }

    private boolean add(Pending p) {
        lock.lock();
        try {
            if (byKey.containsKey(p.key())) {
                return false;
            }
            if (byKey.size() >= maxPending) {
                dropped++;
                return false;
            }
            Pending numbered = new Pending(p.txid, p.wtxid, p.fixed, p.feeRate, p.order, seq++);
            boolean wasEmpty = byKey.isEmpty();
            byKey.put(p.key(), numbered);
            heap.add(numbered);
            return wasEmpty;
        } finally {
            lock.unlock();
        }
    }

    /** Sets when the next release happens (drawn by the peer from the right Poisson timer). */
    void scheduleRelease(long atNanos) {
        lock.lock();
        try {
            nextSendNanos = atNanos;
        } finally {
            lock.unlock();
        }
    }

    /** When the next release is due, or {@code Long.MAX_VALUE} when nothing is pending. */
    long nextRelease() {
        lock.lock();
        try {
            return byKey.isEmpty() ? Long.MAX_VALUE : nextSendNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything pending (the peer does not take tx relay: Core clears {@code m_tx_inventory_to_send}). */
    void clear() {
        lock.lock();
        try {
            heap.clear();
            byKey.clear();
        } finally {
            lock.unlock();
        }
    }

    /** How many announcements wait. */
    int pendingCount() {
        lock.lock();
        try {
            return byKey.size();
        } finally {
            lock.unlock();
        }
    }

    /** Announcements dropped because the queue was full. */
    long droppedCount() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the entries to announce now, best first, if the release is due.
     *
     * @param known      the peer's known inventory (consulted and updated)
     * @param feeFilter  the peer's feefilter, 0 for none
     * @param wtxidRelay whether the peer takes wtxids (BIP-339), as negotiated now
     * @return the entries to send in one inv (possibly empty)
     */
    List<InventoryVector> release(long nowNanos, BoundedRecentSet<Hash256> known, long feeFilter, boolean wtxidRelay) {
        lock.lock();
        try {
            if (byKey.isEmpty() || nowNanos - nextSendNanos < 0) {
                return List.of();
            }
            // Core: broadcast_max = min(INVENTORY_BROADCAST_MAX, TARGET + queue size / 1000 * 5); skipped entries do not count.
            int budget = (int) Math.min(BROADCAST_MAX, BROADCAST_TARGET + 5L * (byKey.size() / 1000));
            List<InventoryVector> out = new ArrayList<>(Math.min(budget, byKey.size()));
            while (!heap.isEmpty() && out.size() < budget) {
                Pending p = heap.poll();
                byKey.remove(p.key());
                InventoryVector inv = p.vector(wtxidRelay);
                if ((p.feeRate >= 0 && p.feeRate < feeFilter) || !known.add(inv.hash())) {
                    continue;
                }
                out.add(inv);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }
}
