package dev.samsa.internal.consumer;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list view of {@code array[from, to)}: one partition's records of a poll, over the array the poll
 * built them in, without copying them out of it. The array must never be written again once viewed: the consumer hands
 * each poll's array to that poll's records and starts the next poll on a fresh one ({@link FetchedRecords#clear()}).
 *
 * <p>Every mutator throws {@link UnsupportedOperationException} ({@link AbstractList}'s defaults); {@code equals} and
 * {@code hashCode} are {@link java.util.List}'s. Thread-safe to read once published (the array is not written again).
 *
 * @param <E> the element type
 */
final class RecordSlice<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] array;
    private final int from;
    private final int size;

    /**
     * @param array the elements, not written again by anyone
     * @param from the index of the first element (inclusive)
     * @param to the index after the last element (exclusive)
     * @throws IndexOutOfBoundsException if {@code from..to} is not a range of {@code array}
     */
    RecordSlice(Object[] array, int from, int to) {
        Objects.checkFromToIndex(from, to, array.length);
        this.array = array;
        this.from = from;
        this.size = to - from;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) array[from + index];
    }

    @Override
    public int size() {
        return size;
    }
}
