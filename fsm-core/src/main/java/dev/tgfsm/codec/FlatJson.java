package dev.tgfsm.codec;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;

/**
 * The flat JSON values: immutable scalars in the form a JSON round trip leaves them, and lists that
 * nothing can change holding only such scalars. A flat value needs no copy to be stored, and an upper
 * bound of its UTF-8 encoding is known without reading any character: every UTF-16 unit of a string
 * counts 3 bytes, every number its longest form, plus quotes and commas.
 *
 * <p>A flat scalar is {@code null}, a {@link String}, a {@link Boolean}, an {@link Integer}, a
 * {@link Long} beyond the range of {@code Integer}, or a {@link Double}. A frozen list is one made by
 * {@link List#of}, {@link List#copyOf} or {@link #window} whose elements are flat scalars.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FlatJson {

    /** The class of {@link List#of} lists of 1 or 2 elements: nothing changes them. */
    private static final Class<?> LIST_12 = List.of(1).getClass();

    /** The class of other {@link List#of} lists: nothing changes them. */
    private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();

    private FlatJson() {
    }

    /**
     * The longest encoding of a flat scalar.
     *
     * @param value the value
     * @return the bound in UTF-8 bytes, or -1 if the value is not a flat scalar
     */
    public static long scalarBound(@Nullable Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return 3L * text.length() + 2;
        }
        if (value instanceof Boolean) {
            return 5;
        }
        if (value instanceof Integer) {
            return 11;
        }
        if (value instanceof Long l && l != l.intValue()) {
            return 20;
        }
        if (value instanceof Double) {
            return 24;
        }
        return -1;
    }

    /**
     * The longest encoding of a frozen list.
     *
     * @param value the value
     * @return the bound in UTF-8 bytes, or -1 if the value is not a frozen list of flat scalars
     */
    public static long frozenListBound(@Nullable Object value) {
        if (!(value instanceof List<?> list) || !isImmutableList(list.getClass())) {
            return -1;
        }
        int size = list.size();
        long n = 2 + Math.max(0, size - 1);
        for (int i = 0; i < size; i++) {
            long bound = scalarBound(list.get(i));
            if (bound < 0) {
                return -1;
            }
            n += bound;
        }
        return n;
    }

    /**
     * Tells whether a value is a list that nothing can change and that holds flat scalars only.
     *
     * @param value the value
     * @return {@code true} for an immutable list of flat scalars
     */
    public static boolean isFrozenList(@Nullable Object value) {
        return frozenListBound(value) >= 0;
    }

    /** Compared by identity, not looked up in a set: it runs for every list of every commit. */
    private static boolean isImmutableList(Class<?> type) {
        return type == WindowList.class || type == LIST_12 || type == LIST_N;
    }

    /**
     * The most recent values, such as the ids of the updates a conversation handled last: the last
     * {@code max - 1} elements of {@code earlier} that are not {@code null}, followed by
     * {@code latest}. The list cannot be changed, is built with one array, and is a
     * {@linkplain #isFrozenList frozen list} when its elements are flat scalars, so that it is stored
     * without a copy.
     *
     * @param earlier the values so far, oldest first
     * @param latest the value to add
     * @param max the most values to keep, 1 or more
     * @return the new list
     * @throws IllegalArgumentException if {@code max} is below 1
     */
    public static List<Object> window(List<?> earlier, Object latest, int max) {
        Objects.requireNonNull(earlier, "earlier must not be null");
        Objects.requireNonNull(latest, "latest must not be null");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        int size = earlier.size();
        int nonNull = 0;
        for (int i = size - 1; i >= 0 && nonNull < max - 1; i--) {
            if (earlier.get(i) != null) {
                nonNull++;
            }
        }
        Object[] items = new Object[nonNull + 1];
        int n = nonNull;
        items[n] = latest;
        for (int i = size - 1; i >= 0 && n > 0; i--) {
            Object item = earlier.get(i);
            if (item != null) {
                items[--n] = item;
            }
        }
        return new WindowList(items);
    }

    /** The list of {@link #window}: owns its array, which nothing else sees. */
    private static final class WindowList extends AbstractList<Object> implements RandomAccess {

        private final Object[] items;

        WindowList(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }

        @Override
        public boolean contains(Object o) {
            for (Object item : items) {
                if (item.equals(o)) {
                    return true;
                }
            }
            return false;
        }
    }
}
