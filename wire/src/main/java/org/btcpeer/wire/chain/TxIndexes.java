package org.btcpeer.wire.chain;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An immutable, strictly ascending list of transaction positions in a block (for BIP-152
 * {@code getblocktxn} requests and BIP-37 matches). Held in an {@code int[]} (no boxing) with
 * content equality.
 */
public final class TxIndexes {

    /** The empty list. */
    public static final TxIndexes EMPTY = new TxIndexes(new int[0]);

    private final int[] indexes;

    private TxIndexes(int[] indexes) {
        this.indexes = indexes;
    }

    /**
     * A list of the given positions (copied).
     *
     * @param indexes non-negative and strictly ascending
     * @return the list
     */
    public static TxIndexes of(int... indexes) {
        int[] copy = indexes.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] < 0 || (i > 0 && copy[i] <= copy[i - 1])) {
                throw new IllegalArgumentException("indexes must be non-negative and strictly ascending: "
                        + Arrays.toString(copy));
            }
        }
        return wrap(copy);
    }

    /** Takes ownership of an array already known to be non-negative and strictly ascending. */
    static TxIndexes wrap(int[] owned) {
        return owned.length == 0 ? EMPTY : new TxIndexes(owned);
    }

    /** The number of positions. */
    public int size() {
        return indexes.length;
    }

    /** Whether the list is empty. */
    public boolean isEmpty() {
        return indexes.length == 0;
    }

    /**
     * The position at {@code i}.
     *
     * @param i 0 to {@code size() - 1}
     * @return the transaction position
     */
    public int get(int i) {
        return indexes[i];
    }

    /** The largest position, or -1 if empty. */
    public int last() {
        return indexes.length == 0 ? -1 : indexes[indexes.length - 1];
    }

    /** A copy of the positions as an array. */
    public int[] toArray() {
        return indexes.clone();
    }

    /** The positions as a stream. */
    public IntStream stream() {
        return Arrays.stream(indexes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxIndexes t && Arrays.equals(indexes, t.indexes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indexes);
    }

    /** The positions, e.g. {@code TxIndexes[0, 3, 7]}. */
    @Override
    public String toString() {
        return "TxIndexes" + Arrays.toString(indexes);
    }
}
