package dev.tgfsm.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordMap;

/**
 * How a record is laid out in its Redis hash, and back: {@code v} version, {@code s} state,
 * {@code c}/{@code u} created/updated epoch milliseconds, {@code x} logical expiry, {@code m}
 * metadata JSON, and one field {@code d:<name>} per top-level data entry holding its JSON value, so
 * that a merge is a plain {@code HSET} and Lua never parses user data.
 */
final class RedisRecordFormat {

    static final String DATA_PREFIX = "d:";

    private static final byte[] STATE = bytes("s");

    private static final byte[] META = bytes("m");

    private static final byte[] NO_META = new byte[0];

    private final FsmCodec codec;

    RedisRecordFormat(FsmCodec codec) {
        this.codec = codec;
    }

    /**
     * Decodes a hash as returned by {@code HGETALL} (a flat list of field and value).
     *
     * @param hash the reply, empty when nothing is stored
     * @param key the rendered key, named in errors
     */
    FsmRecord decode(List<?> hash, String key) {
        if (hash == null || hash.isEmpty()) {
            return FsmRecord.EMPTY;
        }
        try {
            return decodeHash(hash, key);
        }
        catch (CorruptRecordException ex) {
            throw ex.withRaw(raw(hash));
        }
    }

    /** The hash as {@code field=value} pairs, for the log of a record that cannot be decoded. */
    private static String raw(List<?> hash) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < hash.size(); i++) {
            sb.append(i == 0 ? "" : (i % 2 == 0 ? ", " : "=")).append(text(hash.get(i)));
        }
        return sb.append('}').toString();
    }

    private FsmRecord decodeHash(List<?> hash, String key) {
        if (hash.size() % 2 != 0) {
            String first = text(hash.get(0));
            throw new CorruptRecordException(key, "!wrongtype".equals(first) ? "the key holds a "
                    + "value that is not a hash" : "malformed hash reply", null);
        }
        String state = null;
        String meta = null;
        Long version = null;
        Long created = null;
        Long updated = null;
        RecordMap.Builder data = RecordMap.builder(hash.size() / 2);
        for (int i = 0; i < hash.size(); i += 2) {
            String field = text(hash.get(i));
            String value = text(hash.get(i + 1));
            if (field.startsWith(DATA_PREFIX)) {
                // the stored size is kept, so that a commit of changes need not encode an unchanged value
                data.putStored(field.substring(DATA_PREFIX.length()), codec.decodeValue(value, key),
                        byteLength(hash.get(i + 1)));
                continue;
            }
            switch (field) {
                case "v" -> version = number(value, key, field);
                case "s" -> state = value;
                case "c" -> created = number(value, key, field);
                case "u" -> updated = number(value, key, field);
                case "m" -> meta = value;
                case "x" -> number(value, key, field);
                default -> {
                    // fields written by a later version are ignored
                }
            }
        }
        if (version == null || version < 1) {
            throw new CorruptRecordException(key, "the version field 'v' is missing or not positive", null);
        }
        Map<String, Object> metaMap = meta == null ? Map.of() : codec.decode(meta, key);
        return new FsmRecord(state, data.build(), metaMap, version,
                created == null ? null : Instant.ofEpochMilli(created),
                updated == null ? null : Instant.ofEpochMilli(updated));
    }

    private static Long number(String value, String key, String field) {
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException ex) {
            throw new CorruptRecordException(key, "field '" + field + "' is not an integer: " + value, ex);
        }
    }

    static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    /** The size in bytes of a reply's UTF-8 text. */
    private static int byteLength(Object reply) {
        return reply instanceof byte[] bytes ? bytes.length : bytes(String.valueOf(reply)).length;
    }

    /** No arguments: the array type {@code toArray} needs. */
    static final byte[][] NO_BYTES = new byte[0][];

    /**
     * Adds a write's time to live to a script's arguments: its milliseconds (0 for none) and the
     * moment it ends (empty for none).
     */
    static void addTtl(List<byte[]> args, @Nullable Duration ttl, long nowMillis) {
        long ttlMillis = ttl == null ? 0 : Math.max(1, ttl.toMillis());
        args.add(bytes(String.valueOf(ttlMillis)));
        args.add(bytes(ttl == null ? "" : String.valueOf(nowMillis + ttlMillis)));
    }

    /** The size of a text in UTF-8, as {@code bytes(text).length}, without encoding it. */
    static int utf8Length(String text) {
        int n = text.length();
        int length = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 2; // a pair of two chars is 4 bytes
                i++;
            }
            else if (!Character.isSurrogate(c)) {
                length += 2;
            }
            // a lone surrogate is encoded as '?', one byte
        }
        return length;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Encodes data entries as hash field/value pairs, appended to {@code out}; returns their size. */
    long encodeData(Map<String, Object> data, List<byte[]> out) {
        long size = 2;
        int n = 0;
        for (Map.Entry<String, Object> e : data.entrySet()) {
            byte[] field = bytes(DATA_PREFIX + e.getKey());
            byte[] value = bytes(codec.encodeValue(e.getValue()));
            out.add(field);
            out.add(value);
            size += field.length + 1 + value.length;
            n++;
        }
        return size + Math.max(0, n - 1);
    }

    /**
     * Encodes the fields of a record to write, appended to {@code set} as field/value pairs, and the
     * names of the fields to delete, appended to {@code removed}; returns the size of its data as the
     * scripts measure it (of every entry, changed or not). Without a base every field is written:
     * the state if any, the metadata if any, every data entry. With the record as loaded, only what
     * differs from it; an unchanged entry is counted by its stored size when the load knew it
     * ({@link RecordMap#storedSize}), which is what the stored hash holds, and encoded only otherwise.
     *
     * @param record the new record
     * @param meta its encoded metadata (empty for none)
     * @param base the record as loaded, or {@code null}
     * @param set receives field/value pairs
     * @param removed receives the names of deleted fields
     */
    long encodeChanges(FsmRecord record, byte[] meta, @Nullable FsmRecord base, List<byte[]> set,
            List<byte[]> removed) {
        String state = record.state();
        if (base == null || !Objects.equals(base.state(), state)) {
            if (state != null) {
                set.add(STATE);
                set.add(bytes(state));
            }
            else if (base != null) {
                removed.add(STATE);
            }
        }
        if (base == null || !base.meta().equals(record.meta())) {
            if (meta.length > 0) {
                set.add(META);
                set.add(meta);
            }
            else if (base != null) {
                removed.add(META);
            }
        }
        Map<String, Object> data = record.data();
        Map<String, Object> before = base == null ? Map.of() : base.data();
        RecordMap loaded = before instanceof RecordMap map ? map : null;
        long size = 2;
        int n = 0;
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            n++;
            int stored = loaded == null ? -1 : loaded.storedSize(name);
            if (stored >= 0 && Objects.equals(loaded.get(name), value)) {
                size += DATA_PREFIX.length() + utf8Length(name) + 1 + stored;
                continue;
            }
            byte[] field = bytes(DATA_PREFIX + name);
            byte[] encoded = bytes(codec.encodeValue(value));
            if (base == null || !Objects.equals(before.get(name), value) || !before.containsKey(name)) {
                set.add(field);
                set.add(encoded);
            }
            size += field.length + 1 + encoded.length;
        }
        for (String name : before.keySet()) {
            if (!data.containsKey(name)) {
                removed.add(bytes(DATA_PREFIX + name));
            }
        }
        return size + Math.max(0, n - 1);
    }

    /** Encodes metadata as UTF-8 JSON (encoded once: written and measured), or empty when there is none. */
    byte[] encodeMeta(Map<String, Object> meta) {
        return meta.isEmpty() ? NO_META : bytes(codec.encode(meta));
    }

    /** The size the scripts measure for a record: its data as one JSON object plus its metadata. */
    static long size(long dataSize, byte[] meta) {
        return dataSize + (meta.length == 0 ? 2 : meta.length);
    }

    static List<byte[]> list(int capacity) {
        return new ArrayList<>(capacity);
    }
}
