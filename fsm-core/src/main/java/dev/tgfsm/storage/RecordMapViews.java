package dev.tgfsm.storage;

import java.util.AbstractCollection;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The unmodifiable views a {@link RecordMap} hands out for its names, values and entries: each reads
 * the map's entries by position, in order, and refuses every change. A view holds the size and two
 * functions of the map (the element at a position, and whether an object is among the elements); it
 * owns no entries.
 */
final class RecordMapViews {

    private RecordMapViews() {
    }

    /**
     * A set view: the names or the entries.
     *
     * @param size how many elements
     * @param at the element at a position
     * @param contains whether an object is an element
     * @return the view
     */
    static <T> Set<T> set(int size, IntFunction<T> at, Predicate<Object> contains) {
        return new SetView<>(new Elements<>(size, at, contains));
    }

    /**
     * A collection view that is not a set: the values.
     *
     * @param size how many elements
     * @param at the element at a position
     * @param contains whether an object is an element
     * @return the view
     */
    static <T> Collection<T> collection(int size, IntFunction<T> at, Predicate<Object> contains) {
        return new CollectionView<>(new Elements<>(size, at, contains));
    }

    /** What a view reads: the size and the element at each position of its map. */
    private record Elements<T>(int size, IntFunction<T> at, Predicate<Object> contains) {

        Iterator<T> iterator() {
            return new Iterator<>() {

                private int next;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public T next() {
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    return at.apply(next++);
                }
            };
        }
    }

    private static final class SetView<T> extends AbstractSet<T> {

        private final Elements<T> elements;

        SetView(Elements<T> elements) {
            this.elements = elements;
        }

        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public boolean contains(Object o) {
            return elements.contains().test(o);
        }

        @Override
        public Iterator<T> iterator() {
            return elements.iterator();
        }

        @Override
        public boolean remove(Object o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clear() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class CollectionView<T> extends AbstractCollection<T> {

        private final Elements<T> elements;

        CollectionView(Elements<T> elements) {
            this.elements = elements;
        }

        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public boolean contains(Object o) {
            return elements.contains().test(o);
        }

        @Override
        public Iterator<T> iterator() {
            return elements.iterator();
        }

        @Override
        public boolean remove(Object o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clear() {
            throw new UnsupportedOperationException();
        }
    }
}
