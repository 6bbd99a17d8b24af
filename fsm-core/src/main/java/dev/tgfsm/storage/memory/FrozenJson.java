package dev.tgfsm.storage.memory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tgfsm.codec.FsmCodec;

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
     * Copies a JSON object deeply, except its top level, which {@code FsmRecord} copies; returns the
     * map itself when all its values are immutable scalars.
     */
    Map<String, Object> freezeObject(Map<String, Object> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (allFrozen(map)) {
            return map;
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("Data keys must not be null");
            }
            copy.put(e.getKey(), freeze(e.getValue()));
        }
        return copy;
    }

    /** Whether every value is already an immutable, normalised scalar, so a shallow copy suffices. */
    private static boolean allFrozen(Map<String, Object> map) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (e.getKey() == null || !(v == null || v instanceof String || v instanceof Integer || v instanceof Boolean
                    || v instanceof Double || (v instanceof Long l && l != l.intValue()))) {
                return false;
            }
        }
        return true;
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
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return freeze(java.util.Arrays.asList(array));
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
