package dev.tgfsm.storage.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ConversationLifetime;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;

/**
 * The records of the in-memory backend with their expiry. Stored records are immutable, so reads
 * take no lock; writers hold the conversation's stripe monitor.
 */
final class RecordTable {

    /** A stored record that expires, and when. */
    private record Stored(FsmRecord record, long expiresAt) {
    }

    /** Each key's record: an {@link FsmRecord} that never expires, or a {@link Stored} one that does. */
    private final Map<StorageKey, Object> records = new ConcurrentHashMap<>();

    /** When a stored value expires ({@link Long#MAX_VALUE} for never). */
    private static long expiresAt(Object stored) {
        return stored instanceof Stored s ? s.expiresAt : Long.MAX_VALUE;
    }

    private static FsmRecord record(Object stored) {
        return stored instanceof Stored s ? s.record : (FsmRecord) stored;
    }

    private static Object stored(FsmRecord record, long expiresAt) {
        return expiresAt == Long.MAX_VALUE ? record : new Stored(record, expiresAt);
    }

    /**
     * The destinies of each conversation (keyed by its default-destiny key) last written with a time
     * to live that {@linkplain ConversationLifetime#shares share} the conversation's lifetime;
     * changed under the conversation's stripe monitor.
     */
    private final Map<StorageKey, Set<String>> expiring = new ConcurrentHashMap<>();

    /** The live record at a key, {@link FsmRecord#EMPTY} if absent or expired at {@code now}. */
    FsmRecord get(StorageKey key, long now) {
        Object stored = records.get(key);
        return (stored == null || expiresAt(stored) <= now) ? FsmRecord.EMPTY : record(stored);
    }

    /** Like {@link #get(StorageKey, long)}, reading the clock only for a record that can expire. */
    FsmRecord get(StorageKey key, Clock clock) {
        Object stored = records.get(key);
        if (stored == null) {
            return FsmRecord.EMPTY;
        }
        if (stored instanceof Stored expiring) {
            return expiring.expiresAt <= clock.millis() ? FsmRecord.EMPTY : expiring.record;
        }
        return (FsmRecord) stored;
    }

    /** Stores the next version of a record, stamped and with its expiry. */
    FsmRecord put(StorageKey key, FsmRecord current, @Nullable String state, Map<String, Object> data,
            Map<String, Object> meta, @Nullable Duration ttl, Instant stamp) {
        FsmRecord next = new FsmRecord(state, data, meta, current.version() + 1,
                current.exists() ? current.createdAt() : stamp, stamp);
        long expiresAt = ttl == null ? Long.MAX_VALUE : stamp.toEpochMilli() + ttl.toMillis();
        records.put(key, stored(next, expiresAt));
        if (ttl != null && ConversationLifetime.shares(key.destiny())) {
            remember(key);
        }
        else {
            forget(key);
        }
        return next;
    }

    void remove(StorageKey key) {
        records.remove(key);
        forget(key);
    }

    /** Adds a destiny to its conversation's expiring ones: allocates only the first time. */
    private void remember(StorageKey key) {
        StorageKey conversation = key.withDestiny(StorageKey.DEFAULT_DESTINY);
        Set<String> known = expiring.get(conversation);
        if (known != null && known.contains(key.destiny())) {
            return;
        }
        expiring.compute(conversation, (k, destinies) -> {
            Set<String> set = destinies != null ? destinies : ConcurrentHashMap.newKeySet();
            set.add(key.destiny());
            return set;
        });
    }

    private void forget(StorageKey key) {
        Set<String> destinies = expiring.get(key.withDestiny(StorageKey.DEFAULT_DESTINY));
        if (destinies != null) {
            destinies.remove(key.destiny());
        }
    }

    /**
     * Gives every live, expiring record of a conversation that shares its lifetime and was not
     * written by {@code writes} the expiry {@code expiresAt} when theirs is earlier by more than
     * {@code step} (see {@link ConversationLifetime}); forgets those gone. Called under the
     * conversation's stripe monitor.
     */
    void slide(StorageKey conversation, List<RecordWrite> writes, long expiresAt, long step, long now) {
        Set<String> destinies = expiring.get(conversation.withDestiny(StorageKey.DEFAULT_DESTINY));
        if (destinies == null || destinies.size() <= 1 && writes.size() == 1
                && destinies.contains(writes.get(0).key().destiny())) {
            return;
        }
        for (String destiny : destinies) {
            if (written(writes, destiny)) {
                continue;
            }
            StorageKey key = conversation.withDestiny(destiny);
            Object stored = records.get(key);
            if (stored == null || expiresAt(stored) <= now) {
                destinies.remove(destiny);
            }
            else if (expiresAt(stored) != Long.MAX_VALUE && expiresAt(stored) < expiresAt - step) {
                records.put(key, new Stored(record(stored), expiresAt));
            }
        }
    }

    private static boolean written(List<RecordWrite> writes, String destiny) {
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i).key().destiny().equals(destiny)) {
                return true;
            }
        }
        return false;
    }

    /** The keys of live records, lazily. */
    Stream<StorageKey> liveKeys(LongSupplier now) {
        return records.entrySet().stream().filter(e -> expiresAt(e.getValue()) > now.getAsLong())
                .map(Map.Entry::getKey);
    }

    long liveCount(long now) {
        return records.values().stream().filter(s -> expiresAt(s) > now).count();
    }

    int sweep(long now) {
        int removed = 0;
        for (Map.Entry<StorageKey, Object> e : records.entrySet()) {
            if (expiresAt(e.getValue()) <= now && records.remove(e.getKey(), e.getValue())) {
                removed++;
            }
        }
        for (StorageKey conversation : expiring.keySet()) {
            expiring.computeIfPresent(conversation, (k, destinies) -> {
                destinies.removeIf(d -> {
                    Object stored = records.get(k.withDestiny(d));
                    return stored == null || expiresAt(stored) <= now;
                });
                return destinies.isEmpty() ? null : destinies;
            });
        }
        return removed;
    }

    int size() {
        return records.size();
    }

    void clear() {
        records.clear();
        expiring.clear();
    }
}
