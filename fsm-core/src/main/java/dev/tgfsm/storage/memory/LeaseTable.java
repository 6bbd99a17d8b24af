package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.Lease;

/**
 * The lease locks of the in-memory backend, one per conversation. An entry exists only while a
 * lock is held: releasing removes it and a lapsed lease is removed by the next caller or the sweep,
 * so idle conversations leave nothing behind. Callers hold the conversation's stripe lock.
 */
final class LeaseTable {

    /** One held lock; immutable so that a conditional remove compares identities. */
    private record Held(String token, long expiresAt) {
    }

    private final Map<StorageKey, Held> held = new ConcurrentHashMap<>();

    private static StorageKey conversation(StorageKey key) {
        return key.withDestiny(StorageKey.DEFAULT_DESTINY);
    }

    /** Takes the lock or returns how long the holder still has; {@code null} means taken. */
    @Nullable Duration tryLock(StorageKey key, Lease lease, long now) {
        StorageKey conversation = conversation(key);
        Held current = held.get(conversation);
        if (current != null && current.expiresAt > now && !current.token.equals(lease.token())) {
            return Duration.ofMillis(current.expiresAt - now);
        }
        held.put(conversation, new Held(lease.token(), now + lease.duration().toMillis()));
        return null;
    }

    boolean renew(StorageKey key, Lease lease, long now) {
        StorageKey conversation = conversation(key);
        Held current = live(conversation, now);
        if (current == null || !current.token.equals(lease.token())) {
            return false;
        }
        held.put(conversation, new Held(lease.token(), now + lease.duration().toMillis()));
        return true;
    }

    boolean release(StorageKey key, Lease lease, long now) {
        StorageKey conversation = conversation(key);
        Held current = live(conversation, now);
        return current != null && current.token.equals(lease.token()) && held.remove(conversation, current);
    }

    /** The conversation's lease if it has not lapsed; a lapsed one is dropped on the way. */
    private @Nullable Held live(StorageKey conversation, long now) {
        Held current = held.get(conversation);
        if (current != null && current.expiresAt <= now) {
            held.remove(conversation, current);
            return null;
        }
        return current;
    }

    int sweep(long now) {
        int removed = 0;
        for (Map.Entry<StorageKey, Held> e : held.entrySet()) {
            if (e.getValue().expiresAt <= now && held.remove(e.getKey(), e.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return held.size();
    }

    void clear() {
        held.clear();
    }
}
