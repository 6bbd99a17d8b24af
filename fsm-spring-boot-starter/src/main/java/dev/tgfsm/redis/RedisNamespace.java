package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.Glob;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;

/**
 * The calls of {@link RedisFsmStorage} over its whole namespace, each a {@link RedisKeyScan} of
 * {@code prefix + "*"}: listing the record keys matching a pattern, telling record keys from the
 * namespace's other keys (locks, counters, buckets, lifetime sets) and clearing the namespace.
 */
final class RedisNamespace {

    private final KeyRenderer renderer;

    private final StorageConfig settings;

    private final RedisKeyScan scan;

    RedisNamespace(KeyRenderer renderer, StorageConfig settings, RedisKeyScan scan) {
        this.renderer = renderer;
        this.settings = settings;
        this.scan = scan;
    }

    /** See {@link RedisFsmStorage#listKeys}. */
    Stream<StorageKey> listKeys(String pattern) {
        Glob glob = Glob.of(pattern);
        String prefix = renderer.prefix();
        Set<String> seen = new HashSet<>();
        return scan.batches(prefix + pattern, rendered -> recordKey(rendered) != null)
                .flatMap(List::stream)
                .filter(seen::add)
                .filter(rendered -> glob.matches(rendered.substring(prefix.length())))
                .map(this::recordKey);
    }

    /** Parses a record key of this namespace, or returns {@code null} for locks, counters and strangers. */
    @Nullable
    StorageKey recordKey(String rendered) {
        String prefix = renderer.prefix();
        if (!rendered.startsWith(prefix) || rendered.length() <= prefix.length()
                || rendered.charAt(prefix.length()) != '{') {
            return null;
        }
        try {
            StorageKey key = renderer.parse(rendered);
            return renderer.render(key).equals(rendered) ? key : null;
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** See {@link RedisFsmStorage#clearNamespace}: the live records removed are counted. */
    long clear() {
        long[] removed = {0};
        try (Stream<List<String>> batches = scan.batches(renderer.prefix() + "*", rendered -> true)) {
            batches.forEach(batch -> {
                List<String> records = new ArrayList<>();
                List<String> others = new ArrayList<>();
                for (String key : batch) {
                    (recordKey(key) != null ? records : others).add(key);
                }
                removed[0] += scan.countLive(records, settings.clock().millis());
                scan.delete(records);
                scan.delete(others);
            });
        }
        return removed[0];
    }
}
