package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;

/**
 * The record calls of {@link InMemoryFsmStorage} outside the commit path: a multi-key load, a
 * change by a function, a delete and a purge, each under the conversation's stripe monitor.
 */
final class MemoryChanges {

    private final StorageConfig settings;

    private final FrozenJson json;

    private final RecordTable records;

    private final Stripes stripes;

    private final MemoryCommits commits;

    MemoryChanges(StorageConfig settings, FrozenJson json, RecordTable records, Stripes stripes,
            MemoryCommits commits) {
        this.settings = settings;
        this.json = json;
        this.records = records;
        this.stripes = stripes;
        this.commits = commits;
    }

    /** See {@link InMemoryFsmStorage#loadAll}: the keys of one conversation read under its monitor. */
    Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        if (keys.size() == 1) {
            StorageKey only = keys instanceof List<StorageKey> list ? list.get(0) : keys.iterator().next();
            return Map.of(only, load(only));
        }
        Map<StorageKey, FsmRecord> result = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return result;
        }
        StorageKey first = keys.iterator().next();
        boolean oneConversation = true;
        for (StorageKey k : keys) {
            oneConversation &= first.sameConversation(k);
        }
        if (oneConversation) {
            synchronized (stripes.of(first)) {
                keys.forEach(k -> result.put(k, load(k)));
            }
        }
        else {
            keys.forEach(k -> result.put(k, load(k)));
        }
        return result;
    }

    private FsmRecord load(StorageKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return records.get(key, settings.clock());
    }

    /** See {@link InMemoryFsmStorage#change}. */
    FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(change, "change must not be null");
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive or null, was " + ttl);
        }
        synchronized (stripes.of(key)) {
            Instant stamp = settings.clock().instant();
            FsmRecord current = records.get(key, stamp.toEpochMilli());
            FsmRecord next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next == null) {
                if (current.exists()) {
                    records.remove(key);
                }
                return FsmRecord.EMPTY;
            }
            Map<String, Object> data = json.freezeObject(next.data());
            Map<String, Object> meta = json.freezeObject(next.meta());
            commits.checkSize(key, data, meta);
            return records.put(key, current, next.state(), data, meta, ttl, stamp);
        }
    }

    /** See {@link InMemoryFsmStorage#delete}. */
    boolean delete(StorageKey key) {
        Objects.requireNonNull(key, "key must not be null");
        synchronized (stripes.of(key)) {
            boolean existed = records.get(key, settings.clock().millis()).exists();
            records.remove(key);
            return existed;
        }
    }

    /** See {@link InMemoryFsmStorage#purge}: under the stripe monitor of the first key's conversation. */
    long purge(Collection<StorageKey> keys) {
        List<StorageKey> all = List.copyOf(keys);
        if (all.isEmpty()) {
            return 0;
        }
        synchronized (stripes.of(all.get(0))) {
            long now = settings.clock().millis();
            long removed = 0;
            for (StorageKey key : all) {
                if (records.get(key, now).exists()) {
                    removed++;
                }
                records.remove(key);
            }
            return removed;
        }
    }
}
