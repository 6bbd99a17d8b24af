package dev.tgfsm.storage.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DueDeadline;

/**
 * The deadline index of the in-memory backend: entries ordered by due time (then by key), with a
 * map from key to entry for replacing and removing. Every method holds this object's monitor, so
 * claims are atomic.
 */
final class DeadlineTable {

    private record Entry(long at, String order, StorageKey key) {
    }

    private static final KeyRenderer RENDERER = new KeyRenderer("");

    private final TreeSet<Entry> queue = new TreeSet<>(
            Comparator.comparingLong(Entry::at).thenComparing(Entry::order));

    private final Map<StorageKey, Entry> byKey = new HashMap<>();

    synchronized void schedule(StorageKey key, long at) {
        Entry old = byKey.remove(key);
        if (old != null) {
            queue.remove(old);
        }
        Entry entry = new Entry(at, RENDERER.canonical(key), key);
        queue.add(entry);
        byKey.put(key, entry);
    }

    synchronized List<DueDeadline> claim(Long bot, long now, int limit, long until) {
        List<Entry> due = new ArrayList<>();
        for (Entry e : queue) {
            if (e.at > now || due.size() >= limit) {
                break;
            }
            if (bot == null || e.key.botId() == bot) {
                due.add(e);
            }
        }
        List<DueDeadline> claimed = new ArrayList<>(due.size());
        for (Entry e : due) {
            schedule(e.key, until);
            claimed.add(new DueDeadline(e.key, Instant.ofEpochMilli(until)));
        }
        return claimed;
    }

    synchronized boolean cancel(StorageKey key, @Nullable Long expected) {
        Entry entry = byKey.get(key);
        if (entry == null || (expected != null && entry.at != expected)) {
            return false;
        }
        byKey.remove(key);
        queue.remove(entry);
        return true;
    }

    synchronized int size() {
        return byKey.size();
    }

    synchronized void clear() {
        queue.clear();
        byKey.clear();
    }
}
