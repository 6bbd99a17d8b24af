package dev.tgfsm.storage.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;

/**
 * The records of the in-memory backend with their expiry. Stored records are immutable, so reads
 * take no lock; writers hold the conversation's stripe monitor.
 */
final class RecordTable {

    /** A stored record and when it expires ({@link Long#MAX_VALUE} for never). */
    private record Stored(FsmRecord record, long expiresAt) {
    }

    private final Map<StorageKey, Stored> records = new ConcurrentHashMap<>();

    /** The live record at a key, {@link FsmRecord#EMPTY} if absent or expired at {@code now}. */
    FsmRecord get(StorageKey key, long now) {
        Stored stored = records.get(key);
        return (stored == null || stored.expiresAt <= now) ? FsmRecord.EMPTY : stored.record;
    }

    /** Like {@link #get(StorageKey, long)}, reading the clock only for a record that can expire. */
    FsmRecord get(StorageKey key, Clock clock) {
        Stored stored = records.get(key);
        if (stored == null || (stored.expiresAt != Long.MAX_VALUE && stored.expiresAt <= clock.millis())) {
            return FsmRecord.EMPTY;
        }
        return stored.record;
    }

    /** Stores the next version of a record, stamped and with its expiry. */
    FsmRecord put(StorageKey key, FsmRecord current, @Nullable String state, Map<String, Object> data,
            Map<String, Object> meta, @Nullable Duration ttl, Instant stamp) {
        FsmRecord next = new FsmRecord(state, data, meta, current.version() + 1,
                current.exists() ? current.createdAt() : stamp, stamp);
        long expiresAt = ttl == null ? Long.MAX_VALUE : stamp.toEpochMilli() + ttl.toMillis();
        records.put(key, new Stored(next, expiresAt));
        return next;
    }

    void remove(StorageKey key) {
        records.remove(key);
    }

    /** The keys of live records, lazily. */
    Stream<StorageKey> liveKeys(LongSupplier now) {
        return records.entrySet().stream().filter(e -> e.getValue().expiresAt > now.getAsLong()).map(Map.Entry::getKey);
    }

    long liveCount(long now) {
        return records.values().stream().filter(s -> s.expiresAt > now).count();
    }

    int sweep(long now) {
        int removed = 0;
        for (Map.Entry<StorageKey, Stored> e : records.entrySet()) {
            if (e.getValue().expiresAt <= now && records.remove(e.getKey(), e.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return records.size();
    }

    void clear() {
        records.clear();
    }
}
