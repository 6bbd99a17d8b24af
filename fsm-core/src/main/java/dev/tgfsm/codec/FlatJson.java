package dev.tgfsm.codec;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The flat JSON values: immutable scalars in the form a JSON round trip leaves them, and lists that
 * nothing can change holding only such scalars. A flat value needs no copy to be stored, and an upper
 * bound of its UTF-8 encoding is known without reading any character: every UTF-16 unit of a string
 * counts 3 bytes, every number its longest form, plus quotes and commas.
 *
 * <p>A flat scalar is {@code null}, a {@link String}, a {@link Boolean}, an {@link Integer}, a
 * {@link Long} beyond the range of {@code Integer}, or a {@link Double}. A frozen list is one made by
 * {@link List#of} or {@link List#copyOf} whose elements are flat scalars.
 */
public final class FlatJson {

    /** The classes of {@link List#of} lists (one for 1 or 2 elements, one for others): nothing changes them. */
    private static final Set<Class<?>> IMMUTABLE_LISTS = Set.of(List.of(1).getClass(), List.of(1, 2, 3).getClass());

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
        if (!(value instanceof List<?> list) || !IMMUTABLE_LISTS.contains(list.getClass())) {
            return -1;
        }
        long n = 2 + Math.max(0, list.size() - 1);
        for (Object item : list) {
            long bound = scalarBound(item);
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
}
