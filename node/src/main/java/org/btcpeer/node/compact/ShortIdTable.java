package org.btcpeer.node.compact;

import java.util.Arrays;

import org.btcpeer.wire.chain.ShortIds;

/**
 * The short ids of one compact block, each with the block position it stands for, sorted for
 * lookup by binary search. Each entry packs a 48-bit short id and a 16-bit position into one
 * {@code long} (positions are at most 65535), so the table is one primitive array.
 *
 * <p>A sorted array instead of Core's hash map: the peer chooses the short ids freely, and a
 * binary search costs the same for any choice (Core instead fails a block whose ids crowd one
 * hash bucket).
 */
final class ShortIdTable {

    private static final int POSITION_BITS = 16;
    private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;

    /** Packed (short id, position) entries with the sign bit flipped, so signed order is unsigned order. */
    private final long[] entries;

    private ShortIdTable(long[] entries) {
        this.entries = entries;
    }

    /**
     * Builds the table: the i-th short id stands for the i-th block position not taken by a
     * prefilled transaction.
     *
     * @param ids       the short ids in block order
     * @param prefilled which positions are prefilled, {@code ids.size() + prefilled count} long
     * @return the table
     */
    static ShortIdTable build(ShortIds ids, boolean[] prefilled) {
        long[] entries = new long[ids.size()];
        int position = 0;
        for (int i = 0; i < entries.length; i++) {
            while (prefilled[position]) {
                position++;
            }
            entries[i] = pack(ids.get(i), position);
            position++;
        }
        Arrays.sort(entries);
        return new ShortIdTable(entries);
    }

    /** Whether two entries have the same short id (Core: "Short ID collision"). */
    boolean hasDuplicate() {
        for (int i = 1; i < entries.length; i++) {
            if (shortIdOf(entries[i]) == shortIdOf(entries[i - 1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The block position of a short id.
     *
     * @param shortId a 48-bit short id
     * @return the position, or -1 if no entry has this id
     */
    int positionOf(long shortId) {
        long key = pack(shortId, 0);
        int lo = 0;
        int hi = entries.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long e = entries[mid] & ~POSITION_MASK;
            if (e < key) {
                lo = mid + 1;
            } else if (e > key) {
                hi = mid - 1;
            } else {
                return (int) (entries[mid] & POSITION_MASK);
            }
        }
        return -1;
    }

    private static long pack(long shortId, int position) {
        return (shortId << POSITION_BITS | position) ^ Long.MIN_VALUE;
    }

    private static long shortIdOf(long entry) {
        return (entry ^ Long.MIN_VALUE) >>> POSITION_BITS;
    }
}
