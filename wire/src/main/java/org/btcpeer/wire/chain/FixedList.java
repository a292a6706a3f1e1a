package org.btcpeer.wire.chain;

import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list over an exact-size array that nobody else holds: the list type of every
 * decoded structure in this package. Decoders fill an array sized by a bounded count and hand it
 * over without copying ({@link java.util.List#of} would copy it), so a decoded list costs one
 * array and one small object. Equality and hash code are by content, as for any {@link List}.
 *
 * @param <E> the element type (elements are never null)
 */
final class FixedList<E> extends AbstractList<E> implements RandomAccess {

    private static final FixedList<Object> EMPTY = new FixedList<>(new Object[0]);

    private final Object[] elements;

    private FixedList(Object[] elements) {
        this.elements = elements;
    }

    /**
     * Takes ownership of {@code owned} (the caller must not keep or modify it); its elements must
     * already be non-null.
     */
    @SuppressWarnings("unchecked")
    static <E> List<E> wrap(E[] owned) {
        return owned.length == 0 ? (List<E>) EMPTY : new FixedList<>(owned);
    }

    /** An immutable copy of {@code source} (returned as is if it is already a {@code FixedList}). */
    @SuppressWarnings("unchecked")
    static <E> List<E> copyOf(Collection<? extends E> source, String what) {
        Objects.requireNonNull(source, what);
        if (source instanceof FixedList<?> fixed) {
            return (List<E>) fixed;
        }
        Object[] copy = source.toArray();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                throw new NullPointerException(what + " has a null element at index " + i);
            }
        }
        return copy.length == 0 ? (List<E>) EMPTY : new FixedList<>(copy);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }
}
