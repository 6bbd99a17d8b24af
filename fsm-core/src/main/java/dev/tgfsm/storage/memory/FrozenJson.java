package dev.tgfsm.storage.memory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tgfsm.codec.FlatJson;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.storage.RecordMap;

/**
 * Deep, unmodifiable copies of plain JSON values, and an estimate of their encoded size.
 *
 * <p>The copies are what the in-memory backend stores: no caller can change stored data through a
 * map or list it passed in or got back, at any depth. Numbers are normalised as a JSON round trip
 * would leave them (integers as the smallest of {@code Integer}, {@code Long}, {@code BigInteger};
 * {@code Float} as {@code Double}), so that the in-memory backend returns the same values as the
 * backends that encode to JSON. Values that are not plain JSON (a {@code java.time} value, a record)
 * are converted with the codec first.
 */
final class FrozenJson {

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);

    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private final FsmCodec codec;

    FrozenJson(FsmCodec codec) {
        this.codec = codec;
    }

    /**
     * Copies a JSON object deeply into a {@link RecordMap}; returns the map itself when it is a
     * {@code RecordMap} (or empty) whose values are all immutable scalars, so that the typical record
     * is stored without any copy.
     */
    Map<String, Object> freezeObject(Map<String, Object> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (allFrozen(map)) {
            return RecordMap.copyOf(map);
        }
        RecordMap.Builder copy = RecordMap.builder(map.size());
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("Data keys must not be null");
            }
            copy.put(e.getKey(), freeze(e.getValue()));
        }
        return copy.build();
    }

    /** Whether every value is already an immutable, normalised scalar, so a shallow copy suffices. */
    private static boolean allFrozen(Map<String, Object> map) {
        if (map instanceof RecordMap record) {
            return record.isFlat();
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey() == null || !frozenScalar(e.getValue()) && !RecordMap.isFrozenList(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean frozenScalar(Object v) {
        return v == null || v instanceof String || v instanceof Integer || v instanceof Boolean || v instanceof Double
                || (v instanceof Long l && l != l.intValue());
    }

    private Object freeze(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Double || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Long l) {
            return l == l.intValue() ? (Object) l.intValue() : l;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger big) {
            if (big.compareTo(INT_MIN) >= 0 && big.compareTo(INT_MAX) <= 0) {
                return big.intValue();
            }
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String name)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, found " + e.getKey());
                }
                copy.put(name, freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (RecordMap.isFrozenList(value)) {
            return value;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return freeze(Arrays.asList(array));
        }
        Object plain = codec.toPlain(value);
        if (plain != null && plain.getClass() == value.getClass()) {
            throw new IllegalArgumentException("Cannot store a " + value.getClass().getName() + " as JSON");
        }
        return freeze(plain);
    }

    /**
     * Estimates the UTF-8 size of a JSON object's encoding by walking its values: strings count
     * their UTF-8 bytes plus quotes, numbers their decimal digits, objects and arrays their
     * punctuation. Escapes inside strings are not counted, so the estimate may be a little low for
     * strings full of quotes or control characters.
     */
    static long estimateSize(Map<String, Object> object) {
        return size(object);
    }

    /**
     * An upper bound of {@link #estimateSize} that reads no character and builds no string: every
     * UTF-16 unit counts 3 bytes (a surrogate pair's 4 bytes are 2 units), every number its longest
     * form. The guard compares this bound first and estimates only a record that may be too large.
     */
    static long sizeBound(Map<String, Object> object) {
        if (object.isEmpty()) {
            return 2;
        }
        if (object instanceof RecordMap record && record.isFlat()) {
            return record.encodedSizeBound();
        }
        return bound(object);
    }

    private static long bound(Object value) {
        if (value instanceof Long) {
            return 20; // every Long: FlatJson.scalarBound gives -1 for one that fits an int
        }
        long scalar = FlatJson.scalarBound(value);
        if (scalar >= 0) {
            return scalar;
        }
        if (value instanceof Map<?, ?> map) {
            long n = 2 + Math.max(0, map.size() - 1);
            // keys and values apart: iterating the entries of an unmodifiable map wraps every entry
            for (Object k : map.keySet()) {
                n += (k instanceof String name ? 3L * name.length() : utf8Length(String.valueOf(k))) + 3;
            }
            for (Object v : map.values()) {
                n += bound(v);
            }
            return n;
        }
        if (value instanceof List<?> list) {
            long n = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                n += bound(item);
            }
            return n;
        }
        return size(value);
    }

    private static long size(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return utf8Length(s) + 2;
        }
        if (value instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (value instanceof Integer i) {
            return digits(i);
        }
        if (value instanceof Long l) {
            return digits(l);
        }
        if (value instanceof Map<?, ?> map) {
            long n = 2 + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += utf8Length(String.valueOf(e.getKey())) + 3 + size(e.getValue());
            }
            return n;
        }
        if (value instanceof List<?> list) {
            long n = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                n += size(item);
            }
            return n;
        }
        return value.toString().length();
    }

    private static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        for (long a = Math.abs(v); a >= 10; a /= 10) {
            n++;
        }
        return n;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            }
            else if (c < 0x800) {
                n += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            }
            else {
                n += 3;
            }
        }
        return n;
    }
}
