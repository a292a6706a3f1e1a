package org.btcpeer.wire.chain;

import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * An immutable list of BIP-152 short transaction ids: 48-bit values, 6 little-endian bytes each
 * on the wire. Held in a {@code long[]} (no boxing) with content equality.
 */
public final class ShortIds {

    /** The encoded size of one short id (Core's {@code SHORTTXIDS_LENGTH}). */
    public static final int SIZE = 6;

    /** The largest short id, 2^48-1. */
    public static final long MASK = 0xffff_ffff_ffffL;

    /** The empty list. */
    public static final ShortIds EMPTY = new ShortIds(new long[0]);

    private final long[] ids;

    private ShortIds(long[] ids) {
        this.ids = ids;
    }

    /**
     * A list of the given short ids (copied).
     *
     * @param ids the ids, each 0 to 2^48-1
     * @return the list
     */
    public static ShortIds of(long... ids) {
        long[] copy = ids.clone();
        for (int i = 0; i < copy.length; i++) {
            if ((copy[i] & ~MASK) != 0) {
                throw new IllegalArgumentException("short id " + i + " has more than 48 bits: 0x" + Long.toHexString(copy[i]));
            }
        }
        return wrap(copy);
    }

    /** Takes ownership of an array of 48-bit values. */
    static ShortIds wrap(long[] owned) {
        return owned.length == 0 ? EMPTY : new ShortIds(owned);
    }

    /** The number of short ids. */
    public int size() {
        return ids.length;
    }

    /**
     * The short id at {@code index}.
     *
     * @param index 0 to {@code size() - 1}
     * @return the 48-bit id
     */
    public long get(int index) {
        return ids[index];
    }

    /** A copy of the ids as an array. */
    public long[] toArray() {
        return ids.clone();
    }

    /** The ids as a stream. */
    public LongStream stream() {
        return Arrays.stream(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShortIds s && Arrays.equals(ids, s.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    /** The count and up to the first 8 ids in hex. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ShortIds[").append(ids.length);
        for (int i = 0; i < Math.min(ids.length, 8); i++) {
            sb.append(i == 0 ? ": " : ", ").append(String.format("%012x", ids[i]));
        }
        return sb.append(ids.length > 8 ? ", …]" : "]").toString();
    }
}
