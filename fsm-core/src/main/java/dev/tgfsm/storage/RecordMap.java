package dev.tgfsm.storage;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

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
 * <p>Equality, hash code and string form are those of {@link Map}.
 */
public final class RecordMap implements Map<String, Object> {

    /** Owned, never handed out. */
    private final @Nullable LinkedHashMap<String, Object> entries;

    /** The only way out to the entries. */
    private final Map<String, Object> view;

    /** See {@link #encodedSizeBound()}; -1 when a value is not a flat scalar or frozen list. */
    private final long flatSizeBound;

    private RecordMap(LinkedHashMap<String, Object> entries) {
        this.entries = entries;
        this.view = Collections.unmodifiableMap(entries);
        this.flatSizeBound = flatSizeBound(entries);
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

    private static long flatSizeBound(LinkedHashMap<String, Object> entries) {
        long n = 2 + Math.max(0, entries.size() - 1);
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            String name = e.getKey();
            long value = e.getValue() instanceof List<?> ? FlatJson.frozenListBound(e.getValue())
                    : FlatJson.scalarBound(e.getValue());
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

        private @Nullable LinkedHashMap<String, Object> entries;

        private Builder(int expectedSize) {
            this.entries = new LinkedHashMap<>(Math.max(4, (int) (Math.max(0, expectedSize) / 0.75f) + 1));
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
            entries().put(name, value);
            return this;
        }

        /**
         * Adds or replaces every entry of a map, in its order.
         *
         * @param map the entries
         * @return this builder
         * @throws IllegalStateException if the map was already built
         */
        public Builder putAll(Map<String, ?> map) {
            entries().putAll(map instanceof RecordMap record ? record.entries : map);
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
            return entries().get(name);
        }

        /**
         * Tells whether an entry was added (and not removed) so far.
         *
         * @param name the name
         * @return {@code true} if the entry is there
         * @throws IllegalStateException if the map was already built
         */
        public boolean containsKey(String name) {
            return entries().containsKey(name);
        }

        /**
         * Removes an entry.
         *
         * @param name the name
         * @return this builder
         * @throws IllegalStateException if the map was already built
         */
        public Builder remove(String name) {
            entries().remove(name);
            return this;
        }

        /**
         * Ends the builder.
         *
         * @return {@link Map#of()} if no entry was added, else the {@code RecordMap}
         * @throws IllegalStateException if the map was already built
         */
        public Map<String, @Nullable Object> build() {
            LinkedHashMap<String, Object> built = entries();
            entries = null;
            return built.isEmpty() ? Map.of() : new RecordMap(built);
        }

        private LinkedHashMap<String, Object> entries() {
            if (entries == null) {
                throw new IllegalStateException("This builder has already built its map");
            }
            return entries;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int size() {
        return view.size();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean isEmpty() {
        return view.isEmpty();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean containsValue(Object value) {
        return view.containsValue(value);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public @Nullable Object get(@Nullable Object key) {
        return view.get(key);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        return view.getOrDefault(key, defaultValue);
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
        view.forEach(action);
    }

    /**
     * An unmodifiable view of the names, in order.
     *
     * @return the names
     */
    @Override
    public Set<String> keySet() {
        return view.keySet();
    }

    /**
     * An unmodifiable view of the values, in order.
     *
     * @return the values
     */
    @Override
    public Collection<Object> values() {
        return view.values();
    }

    /**
     * An unmodifiable view of the entries, in order.
     *
     * @return the entries
     */
    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return view.entrySet();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean equals(Object o) {
        return o == this || view.equals(o);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int hashCode() {
        return view.hashCode();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString() {
        return view.toString();
    }
}
