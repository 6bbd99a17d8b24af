package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;

/**
 * The fallback deadline index of a storage without {@link DeadlineIndex} ({@link DeadlineIndex#of}): the metadata of one reserved record maps each
 * key's canonical form to its due time in epoch milliseconds, changed with
 * {@link FsmStorage#change} (version-checked, so atomic on every backend).
 */
final class DefaultDeadlineIndex {

    static final StorageKey INDEX_KEY = StorageKey.of(0, 0, 0).withDestiny(DeadlineIndex.DEADLINE_INDEX_DESTINY);

    private static final KeyRenderer RENDERER = new KeyRenderer("");

    private DefaultDeadlineIndex() {
    }

    static void check(Instant now, int limit, Duration lease) {
        if (now == null || lease == null) {
            throw new NullPointerException("now and lease must not be null");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("lease must be at least 1 ms, was " + lease);
        }
    }

    static void schedule(FsmStorage storage, StorageKey key, Instant at) {
        String name = RENDERER.canonical(key);
        storage.change(INDEX_KEY, r -> {
            Map<String, Object> meta = new LinkedHashMap<>(r.meta());
            meta.put(name, at.toEpochMilli());
            return r.withMeta(meta);
        }, null);
    }

    static List<DueDeadline> claim(FsmStorage storage, Long bot, Instant now, int limit, Duration lease) {
        String botTag = bot == null ? null : KeyRenderer.canonicalBotTag(bot);
        long nowMillis = now.toEpochMilli();
        long until = nowMillis + lease.toMillis();
        List<DueDeadline> claimed = new ArrayList<>();
        storage.change(INDEX_KEY, r -> {
            claimed.clear();
            List<Map.Entry<String, Object>> due = new ArrayList<>();
            for (Map.Entry<String, Object> e : r.meta().entrySet()) {
                if (e.getValue() instanceof Number n && n.longValue() <= nowMillis
                        && (botTag == null || e.getKey().startsWith(botTag))) {
                    due.add(e);
                }
            }
            if (due.isEmpty()) {
                return r;
            }
            due.sort((a, b) -> Long.compare(((Number) a.getValue()).longValue(), ((Number) b.getValue()).longValue()));
            Map<String, Object> meta = new LinkedHashMap<>(r.meta());
            for (Map.Entry<String, Object> e : due.subList(0, Math.min(limit, due.size()))) {
                meta.put(e.getKey(), until);
                claimed.add(new DueDeadline(RENDERER.parseCanonical(e.getKey()), Instant.ofEpochMilli(until)));
            }
            return r.withMeta(meta);
        }, null);
        return List.copyOf(claimed);
    }

    static boolean cancel(FsmStorage storage, StorageKey key, @Nullable Instant expected) {
        String name = RENDERER.canonical(key);
        boolean[] removed = {false};
        storage.change(INDEX_KEY, r -> {
            Object at = r.meta().get(name);
            removed[0] = at instanceof Number n && (expected == null || n.longValue() == expected.toEpochMilli());
            if (!removed[0]) {
                return r;
            }
            Map<String, Object> meta = new LinkedHashMap<>(r.meta());
            meta.remove(name);
            return meta.isEmpty() ? null : r.withMeta(meta);
        }, null);
        return removed[0];
    }
}
