package dev.tgfsm.storage.memory;

import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.key.Glob;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;

/**
 * The calls of {@link InMemoryFsmStorage} over all its tables at once: listing the live record
 * keys, clearing the namespace and sweeping what has expired.
 */
final class MemoryNamespace {

    private static final Logger logger = LoggerFactory.getLogger(InMemoryFsmStorage.class);

    private static final KeyRenderer RENDERER = new KeyRenderer("");

    private final StorageConfig settings;

    private final RecordTable records;

    private final CounterTable counters;

    private final LeaseTable leases;

    private final DeadlineTable deadlines;

    MemoryNamespace(StorageConfig settings, RecordTable records, CounterTable counters, LeaseTable leases,
            DeadlineTable deadlines) {
        this.settings = settings;
        this.records = records;
        this.counters = counters;
        this.leases = leases;
        this.deadlines = deadlines;
    }

    /** See {@link InMemoryFsmStorage#listKeys}. */
    Stream<StorageKey> listKeys(String pattern) {
        Glob glob = Glob.of(pattern);
        String prefix = glob.literalPrefix();
        return records.liveKeys(this::now)
                .filter(k -> {
                    String canonical = RENDERER.canonical(k);
                    return canonical.startsWith(prefix) && glob.matches(canonical);
                })
                .distinct();
    }

    /** See {@link InMemoryFsmStorage#clearNamespace}. */
    long clear() {
        long now = now();
        long live = records.liveCount(now);
        records.clear();
        counters.clear();
        leases.clear();
        deadlines.clear();
        return live;
    }

    /** See {@link InMemoryFsmStorage#sweepExpired}. */
    int sweep() {
        long now = now();
        int removed = records.sweep(now);
        removed += counters.sweep(now) + leases.sweep(now);
        if (removed > 0) {
            logger.debug("Swept {} expired entries from memory storage", removed);
        }
        return removed;
    }

    private long now() {
        return settings.clock().millis();
    }
}
