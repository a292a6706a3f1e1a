package org.btcpeer.peer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;

/**
 * Batches transaction announcements and releases them on a randomized schedule, as Core's
 * {@code SendMessages} does: a per-peer Poisson timer for outbound peers (mean 2 s), one timer
 * shared by all inbound peers (mean 5 s), and per release at most
 * {@code min(1000, 35 + 5 per 1000 queued)} entries ({@code INVENTORY_BROADCAST_TARGET},
 * {@code INVENTORY_BROADCAST_MAX}). Entries the peer already knows, or below its feefilter, are
 * dropped at release time. The queue is bounded; announcements beyond the bound are dropped.
 */
final class InventoryTrickler {

    /** Core's {@code INVENTORY_BROADCAST_PER_SECOND} × 5 s. */
    static final int BROADCAST_TARGET = 35;
    /** Core's {@code INVENTORY_BROADCAST_MAX}. */
    static final int BROADCAST_MAX = 1000;

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<InventoryVector, Long> pending = new LinkedHashMap<>();
    private final int maxPending;
    private long nextSendNanos = Long.MAX_VALUE;

    InventoryTrickler(int maxPending) {
        this.maxPending = maxPending;
    }

    /**
     * Queues an announcement.
     *
     * @param feeRate its fee rate in sat/kvB, or -1 if unknown (never filtered)
     * @return true if this made the queue non-empty (the caller schedules a release)
     */
    boolean add(InventoryVector inv, long feeRate) {
        lock.lock();
        try {
            if (pending.size() >= maxPending && !pending.containsKey(inv)) {
                return false;
            }
            boolean wasEmpty = pending.isEmpty();
            pending.putIfAbsent(inv, feeRate);
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
            return pending.isEmpty() ? Long.MAX_VALUE : nextSendNanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the entries to announce now, if the release is due.
     *
     * @param known     the peer's known inventory (consulted and updated)
     * @param feeFilter the peer's feefilter, 0 for none
     * @return the entries to send in one inv (possibly empty)
     */
    List<InventoryVector> release(long nowNanos, BoundedRecentSet<Hash256> known, long feeFilter) {
        lock.lock();
        try {
            if (pending.isEmpty() || nowNanos - nextSendNanos < 0) {
                return List.of();
            }
            int budget = (int) Math.min(BROADCAST_MAX, BROADCAST_TARGET + 5L * (pending.size() / 1000));
            List<InventoryVector> out = new ArrayList<>(Math.min(budget, pending.size()));
            Iterator<Map.Entry<InventoryVector, Long>> it = pending.entrySet().iterator();
            while (it.hasNext() && out.size() < budget) {
                Map.Entry<InventoryVector, Long> e = it.next();
                it.remove();
                InventoryVector inv = e.getKey();
                long feeRate = e.getValue();
                if ((feeRate >= 0 && feeRate < feeFilter) || !known.add(inv.hash())) {
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
