package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DueDeadline;

/**
 * The deadline index calls of {@link InMemoryFsmStorage}: their arguments checked and their
 * instants turned into the epoch milliseconds of the {@link DeadlineTable}.
 */
final class MemoryDeadlines {

    private final DeadlineTable deadlines;

    MemoryDeadlines(DeadlineTable deadlines) {
        this.deadlines = deadlines;
    }

    void schedule(StorageKey key, Instant at) {
        Objects.requireNonNull(key, "key must not be null");
        deadlines.schedule(key, Objects.requireNonNull(at, "at must not be null").toEpochMilli());
    }

    /** Claims the due deadlines of one bot, or of every bot when {@code botId} is {@code null}. */
    List<DueDeadline> claim(@Nullable Long botId, Instant now, int limit, Duration lease) {
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(lease, "lease must not be null");
        if (limit < 1 || lease.toMillis() < 1) {
            throw new IllegalArgumentException("limit must be at least 1 and lease at least 1 ms");
        }
        return deadlines.claim(botId, now.toEpochMilli(), limit, now.toEpochMilli() + lease.toMillis());
    }

    boolean cancel(StorageKey key, @Nullable Instant expected) {
        Objects.requireNonNull(key, "key must not be null");
        return deadlines.cancel(key, expected == null ? null : expected.toEpochMilli());
    }
}
