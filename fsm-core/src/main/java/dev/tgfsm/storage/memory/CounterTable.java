package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The counters of the in-memory backend. Each increment is one atomic {@code compute}; the expiry
 * is set when a counter is created and kept until it lapses, after which the counter starts again
 * at zero.
 */
final class CounterTable {

    /** A counter's value and expiry ({@link Long#MAX_VALUE} for none). */
    private record Counter(long value, long expiresAt) {
    }

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    long increment(String name, long amount, @Nullable Duration ttl, long now) {
        return counters.compute(name, (k, c) -> {
            if (c == null || c.expiresAt <= now) {
                return new Counter(amount, ttl == null ? Long.MAX_VALUE : now + ttl.toMillis());
            }
            return new Counter(Math.addExact(c.value, amount), c.expiresAt);
        }).value;
    }

    /** The live counters whose name passes a test, with their values. */
    Map<String, Long> live(Predicate<String> wanted, long now) {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((name, c) -> {
            if (c.expiresAt > now && wanted.test(name)) {
                out.put(name, c.value);
            }
        });
        return out;
    }

    /** Removes a counter; tells whether a live one was there. */
    boolean remove(String name, long now) {
        Counter removed = counters.remove(name);
        return removed != null && removed.expiresAt > now;
    }

    int sweep(long now) {
        int removed = 0;
        for (Map.Entry<String, Counter> e : counters.entrySet()) {
            if (e.getValue().expiresAt <= now && counters.remove(e.getKey(), e.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return counters.size();
    }

    void clear() {
        counters.clear();
    }
}
