package dev.tgfsm.storage;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;
import dev.tgfsm.codec.FlatJson;

/**
 * The unmodifiable top level of a record's data or metadata, in insertion order.
 *
 * <p>Nothing can change a {@code RecordMap} after it was built: it owns its entries, and no
 * reference to them ever leaves it except through an unmodifiable view. {@link FsmRecord} therefore
 * keeps a {@code RecordMap} as it is instead of copying it, so that a record's maps are copied once
 * per change, not once per hand-over (unit of work, write batch, storage, committed slot). Values are
 * not copied: a nested map or list is as immutable as whoever put it in made it (the in-memory
 * backend freezes nested values deeply before storing them).
 *
 * <p>The entries sit in one array, names and values alternating, so that a copy is one array copy
 * and a small map costs two objects; names are found by comparing them in order, and through a
 * small table of hash slots in a map of more than 8 entries.
 *
 * <p>Equality, hash code and string form are those of {@link Map}.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class RecordMap implements Map<String, Object> {

    /** Names and values alternating, owned, never handed out; may be longer than needed. */
    private final Object[] table;

    private final int size;

    /** Hash slots of a map of more than {@link RecordSlots#LINEAR} entries (see {@link RecordSlots}); else {@code null}. */
    private final int @Nullable [] slots;

    /** See {@link #encodedSizeBound()}; -1 when a value is not a flat scalar or frozen list. */
    private final long flatSizeBound;

    /** See {@link #storedSize}, by entry; -1 where unknown; {@code null} when none is known. */
    private final int @Nullable [] storedSizes;

    private RecordMap(Object[] table, int size, int @Nullable [] slots) {
        this(table, size, slots, null);
    }

    private RecordMap(Object[] table, int size, int @Nullable [] slots, int @Nullable [] storedSizes) {
        this.table = table;
        this.size = size;
        this.slots = slots;
        this.flatSizeBound = flatSizeBound(table, size);
        this.storedSizes = storedSizes;
    }

    /**
     * The size in bytes of an entry's value as a backend read it from its store, when the backend
     * built this map with it ({@link Builder#putStored}). A backend that writes only the changed
     * entries of a record counts the unchanged ones by it instead of encoding them again. A map made
     * from this one by a change ({@link #with}, a builder) knows no stored size.
     *
     * @param name the entry's name
     * @return the size, or -1 when unknown (no such entry, or one not read from a store)
     */
    public int storedSize(String name) {
        int[] sizes = storedSizes;
        if (sizes == null) {
            return -1;
        }
        int at = RecordSlots.indexOf(table, size, slots, name);
        return at < 0 ? -1 : sizes[at];
    }

    /**
     * Tells whether every value is an immutable JSON scalar in the form a JSON round trip leaves it:
     * {@code null}, a {@link String}, a {@link Boolean}, an {@link Integer}, a {@link Long} beyond the
     * range of {@code Integer}, or a {@link Double}, or a {@linkplain #isFrozenList frozen list} of
     * them; and no name is {@code null}. Such a map needs no deep copy to be stored.
     *
     * @return {@code true} if the map holds flat, normalised scalars only
     */
    public boolean isFlat() {
        return flatSizeBound >= 0;
    }

    /**
     * An upper bound of the UTF-8 size of this map's JSON encoding, known without reading any
     * character: every UTF-16 unit of a name or string counts 3 bytes, every number its longest
     * form, plus quotes, colons, commas and braces. Only for a {@linkplain #isFlat() flat} map.
     *
     * @return the bound, or {@link Long#MAX_VALUE} if the map is not flat
     */
    public long encodedSizeBound() {
        return flatSizeBound >= 0 ? flatSizeBound : Long.MAX_VALUE;
    }

    private static long flatSizeBound(Object[] table, int size) {
        long n = 2 + Math.max(0, size - 1);
        for (int i = 0; i < size; i++) {
            String name = (String) table[2 * i];
            Object v = table[2 * i + 1];
            long value = v instanceof List<?> ? FlatJson.frozenListBound(v) : FlatJson.scalarBound(v);
            if (name == null || value < 0) {
                return -1;
            }
            n += 3L * name.length() + 3 + value;
        }
        return n;
    }

    /**
     * Tells whether a value is a list that nothing can change and that holds flat scalars only (see
     * {@link #isFlat()}): one made by {@link List#of} or {@link List#copyOf}. Such a list needs no
     * copy to be stored, and a map whose other values are flat scalars still counts as flat.
     *
     * @param value the value
     * @return {@code true} for an immutable list of flat scalars
     */
    public static boolean isFrozenList(@Nullable Object value) {
        return FlatJson.isFrozenList(value);
    }

    /**
     * An unmodifiable copy of a map, or the map itself when it already is a {@code RecordMap} or the
     * empty {@link Map#of()}.
     *
     * @param map the map, or {@code null} for an empty one
     * @return {@link Map#of()} for an empty map, else a {@code RecordMap}
     */
    public static Map<String, @Nullable Object> copyOf(@Nullable Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (map instanceof RecordMap record) {
            return record;
        }
        return builder(map.size()).putAll(map).build();
    }

    /**
     * An unmodifiable copy of a map with one entry added, or replaced in its place: as
     * {@code builder(map.size() + 1).putAll(map).put(name, value).build()}, without the builder.
     *
     * @param map the entries
     * @param name the name of the entry to add or replace
     * @param value its value
     * @return the new map, a {@code RecordMap}
     */
    public static Map<String, @Nullable Object> with(Map<String, ?> map, String name, @Nullable Object value) {
        if (!(map instanceof RecordMap record)) {
            return builder(map.size() + 1).putAll(map).put(name, value).build();
        }
        int at = RecordSlots.indexOf(record.table, record.size, record.slots, name);
        int size = at < 0 ? record.size + 1 : record.size;
        Object[] table = Arrays.copyOf(record.table, 2 * size);
        if (at >= 0) {
            table[2 * at + 1] = value;
            return new RecordMap(table, size, record.slots);
        }
        table[2 * record.size] = name;
        table[2 * record.size + 1] = value;
        return new RecordMap(table, size, size > RecordSlots.LINEAR ? RecordSlots.slots(table, size, size) : null);
    }

    /**
     * Starts an empty map.
     *
     * @param expectedSize how many entries it will probably hold
     * @return the builder
     */
    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    /**
     * Builds a {@code RecordMap} without copying the entries a second time. A builder builds once.
     */
    public static final class Builder {

        private Object @Nullable [] table;

        private int size;

        /** As in {@link RecordMap}, once the builder holds more than {@link RecordSlots#LINEAR} entries. */
        private int @Nullable [] slots;

        /** The stored sizes by entry ({@link #putStored}), -1 where unknown; {@code null} until one is known. */
        private int @Nullable [] storedSizes;

        private Builder(int expectedSize) {
            this.table = new Object[2 * Math.max(1, expectedSize)];
        }

        /**
         * Adds or replaces an entry.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         * @throws IllegalStateException if the map was already built
         */
        public Builder put(String name, Object value) {
            Object[] t = table();
            int at = RecordSlots.indexOf(t, size, slots, name);
            if (at >= 0) {
                t[2 * at + 1] = value;
                if (storedSizes != null) {
                    storedSizes[at] = -1;
                }
                return this;
            }
            append(name, value);
            return this;
        }

        /**
         * Adds or replaces an entry read from a store, with the size in bytes of its value as stored
         * there ({@link RecordMap#storedSize}).
         *
         * @param name the name
         * @param value the value, as decoded
         * @param storedSize the size of its stored encoding in bytes, 0 or more
         * @return this builder
         * @throws IllegalStateException if the map was already built
         */
        public Builder putStored(String name, @Nullable Object value, int storedSize) {
            if (storedSize < 0) {
                throw new IllegalArgumentException("storedSize must not be negative");
            }
            int entries = size;
            put(name, value);
            int at = size > entries ? size - 1 : RecordSlots.indexOf(table(), size, slots, name);
            int[] sizes = storedSizes;
            if (sizes == null) {
                sizes = new int[table().length / 2];
                Arrays.fill(sizes, -1);
                storedSizes = sizes;
            }
            sizes[at] = storedSize;
            return this;
        }

        private void append(@Nullable String name, @Nullable Object value) {
            Object[] t = table;
            if (2 * size == t.length) {
                t = Arrays.copyOf(t, 2 * (size + Math.max(2, size >> 1)));
                table = t;
                if (slots != null && slots.length < t.length) {
                    slots = null; // rebuilt below, for the new capacity
                }
            }
            t[2 * size] = name;
            t[2 * size + 1] = value;
            if (storedSizes != null) {
                if (storedSizes.length <= size) {
                    int known = storedSizes.length;
                    storedSizes = Arrays.copyOf(storedSizes, t.length / 2);
                    Arrays.fill(storedSizes, known, storedSizes.length, -1);
                }
                storedSizes[size] = -1;
            }
            size++;
            if (slots != null) {
                RecordSlots.insert(slots, name, size - 1);
            }
            else if (size > RecordSlots.LINEAR) {
                slots = RecordSlots.slots(t, size, t.length / 2);
            }
        }

        /**
         * Adds or replaces every entry of a map, in its order.
         *
         * @param map the entries
         * @return this builder
         * @throws IllegalStateException if the map was already built
         */
        public Builder putAll(Map<String, ?> map) {
            Object[] t = table();
            if (map instanceof RecordMap record) {
                if (size == 0) {
                    if (t.length < 2 * record.size) {
                        t = new Object[2 * record.size];
                        table = t;
                    }
                    System.arraycopy(record.table, 0, t, 0, 2 * record.size);
                    size = record.size;
                    storedSizes = null;
                    int[] theirs = record.slots;
                    slots = theirs == null ? null
                            : theirs.length >= t.length ? theirs.clone() : RecordSlots.slots(t, size, t.length / 2);
                    return this;
                }
                for (int i = 0; i < record.size; i++) {
                    put((String) record.table[2 * i], record.table[2 * i + 1]);
                }
                return this;
            }
            boolean fresh = size == 0;
            for (Map.Entry<String, ?> e : map.entrySet()) {
                if (fresh) {
                    append(e.getKey(), e.getValue()); // the names of a map are distinct
                }
                else {
                    put(e.getKey(), e.getValue());
                }
            }
            return this;
        }

        /**
         * Returns the value of an entry added so far.
         *
         * @param name the name
         * @return the value, or {@code null} if there is none (or it is {@code null})
         * @throws IllegalStateException if the map was already built
         */
        public @Nullable Object get(String name) {
            Object[] t = table();
            int at = RecordSlots.indexOf(t, size, slots, name);
            return at < 0 ? null : t[2 * at + 1];
        }

        /**
         * Tells whether an entry was added (and not removed) so far.
         *
         * @param name the name
         * @return {@code true} if the entry is there
         * @throws IllegalStateException if the map was already built
         */
        public boolean containsKey(String name) {
            return RecordSlots.indexOf(table(), size, slots, name) >= 0;
        }

        /**
         * Removes an entry.
         *
         * @param name the name
         * @return this builder
         * @throws IllegalStateException if the map was already built
         */
        public Builder remove(String name) {
            Object[] t = table();
            int at = RecordSlots.indexOf(t, size, slots, name);
            if (at >= 0) {
                System.arraycopy(t, 2 * at + 2, t, 2 * at, 2 * (size - at - 1));
                if (storedSizes != null) {
                    System.arraycopy(storedSizes, at + 1, storedSizes, at, size - at - 1);
                }
                size--;
                t[2 * size] = null;
                t[2 * size + 1] = null;
                slots = size > RecordSlots.LINEAR ? RecordSlots.slots(t, size, t.length / 2) : null;
            }
            return this;
        }

        /**
         * Ends the builder.
         *
         * @return {@link Map#of()} if no entry was added, else the {@code RecordMap}
         * @throws IllegalStateException if the map was already built
         */
        public Map<String, @Nullable Object> build() {
            Object[] built = table();
            table = null;
            if (size == 0) {
                return Map.of();
            }
            if (built.length > 2 * size + 8) {
                built = Arrays.copyOf(built, 2 * size);
            }
            return new RecordMap(built, size, slots, storedSizes);
        }

        private Object[] table() {
            if (table == null) {
                throw new IllegalStateException("This builder has already built its map");
            }
            return table;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int size() {
        return size;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean containsKey(Object key) {
        return RecordSlots.indexOf(table, size, slots, key) >= 0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean containsValue(Object value) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(value, table[2 * i + 1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public @Nullable Object get(@Nullable Object key) {
        int at = RecordSlots.indexOf(table, size, slots, key);
        return at < 0 ? null : table[2 * at + 1];
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        int at = RecordSlots.indexOf(table, size, slots, key);
        return at < 0 ? defaultValue : table[2 * at + 1];
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object put(String key, Object value) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object remove(Object key) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void putAll(Map<? extends String, ?> m) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object putIfAbsent(String key, Object value) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean remove(Object key, Object value) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object replace(String key, Object value) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object computeIfAbsent(String key, Function<? super String, ?> mappingFunction) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object compute(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
        throw new UnsupportedOperationException();
    }

    /**
     * Unsupported: the map cannot change.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> remappingFunction) {
        throw new UnsupportedOperationException();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        Objects.requireNonNull(action, "action must not be null");
        for (int i = 0; i < size; i++) {
            action.accept((String) table[2 * i], table[2 * i + 1]);
        }
    }

    /**
     * An unmodifiable view of the names, in order.
     *
     * @return the names
     */
    @Override
    public Set<String> keySet() {
        return RecordMapViews.set(size, i -> (String) table[2 * i], this::containsKey);
    }

    /**
     * An unmodifiable view of the values, in order.
     *
     * @return the values
     */
    @Override
    public Collection<Object> values() {
        return RecordMapViews.collection(size, i -> table[2 * i + 1], this::containsValue);
    }

    /**
     * An unmodifiable view of the entries, in order.
     *
     * @return the entries
     */
    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return RecordMapViews.set(size,
                i -> new AbstractMap.SimpleImmutableEntry<>((String) table[2 * i], table[2 * i + 1]),
                this::containsEntry);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Map<?, ?> other) || other.size() != size) {
            return false;
        }
        try {
            for (int i = 0; i < size; i++) {
                Object name = table[2 * i];
                Object value = table[2 * i + 1];
                if (value == null ? other.get(name) != null || !other.containsKey(name)
                        : !value.equals(other.get(name))) {
                    return false;
                }
            }
        }
        catch (ClassCastException | NullPointerException ex) {
            return false;
        }
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < size; i++) {
            h += Objects.hashCode(table[2 * i]) ^ Objects.hashCode(table[2 * i + 1]);
        }
        return h;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(16 * size).append('{');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                text.append(", ");
            }
            Object value = table[2 * i + 1];
            text.append(table[2 * i]).append('=').append(value == this ? "(this Map)" : value);
        }
        return text.append('}').toString();
    }

    private boolean containsEntry(Object o) {
        if (!(o instanceof Map.Entry<?, ?> e)) {
            return false;
        }
        int at = RecordSlots.indexOf(table, size, slots, e.getKey());
        return at >= 0 && Objects.equals(table[2 * at + 1], e.getValue());
    }

    /**
     * Returns the entries of {@code map} whose names {@code hidden} does not match: {@code map} itself
     * when none matches, else a frozen copy in the same order. Used to keep the library's own entries
     * (bookkeeping metadata, internal scope entries) out of what users and operators see.
     *
     * @param map the entries
     * @param hidden which names to leave out
     * @return the shown entries
     */
    public static Map<String, @Nullable Object> without(Map<String, @Nullable Object> map, Predicate<String> hidden) {
        boolean any = false;
        for (String name : map.keySet()) {
            if (hidden.test(name)) {
                any = true;
                break;
            }
        }
        if (!any) {
            return map;
        }
        Map<String, @Nullable Object> shown = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (!hidden.test(name)) {
                shown.put(name, value);
            }
        });
        return copyOf(shown);
    }
}
