package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.Lease;

/**
 * The lease locks of the in-memory backend, one per conversation. An entry exists only while a
 * lock is held: releasing removes it and a lapsed lease is removed by the next caller or the sweep,
 * so idle conversations leave nothing behind. Callers hold the conversation's stripe lock.
 *
 * <p>Beside the locks, the turns announced by requests that found their conversation busy
 * ({@link Lease#turn()}): update ids with the end of the announcing request's lease. A free lock goes
 * only to a request without a turn or with the lowest live turn.
 */
final class LeaseTable {

    /** One held lock; immutable so that a conditional remove compares identities. */
    private record Held(String token, long expiresAt) {
    }

    private final Map<StorageKey, Held> held = new ConcurrentHashMap<>();

    /** Per conversation: announced turn to the end of its announcement. */
    private final Map<StorageKey, ConcurrentSkipListMap<Long, Long>> turns = new ConcurrentHashMap<>();

    private static StorageKey conversation(StorageKey key) {
        return key.withDestiny(StorageKey.DEFAULT_DESTINY);
    }

    /** Takes the lock or returns how long the holder still has; {@code null} means taken. */
    @Nullable
    Duration tryLock(StorageKey key, Lease lease, long now) {
        StorageKey conversation = conversation(key);
        Held current = held.get(conversation);
        Duration wait = null;
        if (current != null && current.expiresAt > now && !current.token.equals(lease.token())) {
            wait = Duration.ofMillis(current.expiresAt - now);
        }
        ConcurrentSkipListMap<Long, Long> announced = turns.get(conversation);
        if (wait == null && lease.hasTurn() && announced != null) {
            announced.values().removeIf(end -> end <= now);
            Map.Entry<Long, Long> lowest = announced.firstEntry();
            if (lowest != null && lowest.getKey() < lease.turn()) {
                wait = Duration.ofMillis(lowest.getValue() - now);
            }
        }
        if (wait != null) {
            if (lease.hasTurn()) {
                turns.computeIfAbsent(conversation, k -> new ConcurrentSkipListMap<>())
                        .put(lease.turn(), now + lease.duration().toMillis());
            }
            return wait;
        }
        if (lease.hasTurn() && announced != null) {
            announced.remove(lease.turn());
            if (announced.isEmpty()) {
                turns.remove(conversation, announced);
            }
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
        ConcurrentSkipListMap<Long, Long> announced = lease.hasTurn() ? turns.get(conversation) : null;
        if (announced != null) {
            announced.remove(lease.turn()); // a request that gives up holds nobody up
        }
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
        for (Iterator<Map.Entry<StorageKey, ConcurrentSkipListMap<Long, Long>>> it = turns.entrySet().iterator(); it
                .hasNext();) {
            ConcurrentSkipListMap<Long, Long> announced = it.next().getValue();
            announced.values().removeIf(end -> end <= now);
            if (announced.isEmpty()) {
                it.remove();
            }
        }
        return removed;
    }

    int size() {
        return held.size();
    }

    void clear() {
        held.clear();
        turns.clear();
    }
}
