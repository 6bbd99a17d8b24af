package dev.tgfsm.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tgfsm.Internal;
import dev.tgfsm.storage.Throttling;

/**
 * A {@link PermitStore} in this process's memory: exact and atomic within the process, shared by
 * nothing else. The store of the memory backend, and the fallback while a shared store is down.
 * Buckets whose TAT has passed are forgotten, so the map holds only chats that sent recently.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class InMemoryPermitStore implements PermitStore {

    private final Map<Key, Long> tats = new HashMap<>();

    /** A bucket of a bot. */
    private record Key(long bot, String id) {
    }

    private long nextSweep;

    @Override
    public synchronized Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
        long nowMicros = Throttling.micros(now);
        sweep(nowMicros);
        long wait = 0;
        long[] next = new long[buckets.size()];
        Key[] keys = new Key[next.length];
        for (int i = 0; i < next.length; i++) {
            Bucket bucket = buckets.get(i);
            keys[i] = new Key(bot, bucket.id());
            long tat = Math.max(tats.getOrDefault(keys[i], nowMicros), nowMicros);
            next[i] = tat + micros(bucket.interval());
            wait = Math.max(wait, next[i] - nowMicros - micros(bucket.tolerance()));
        }
        if (wait > 0) {
            return Duration.ofNanos(wait * 1_000);
        }
        for (int i = 0; i < next.length; i++) {
            tats.put(keys[i], next[i]);
        }
        return Duration.ZERO;
    }

    @Override
    public synchronized void hold(long bot, Bucket bucket, Instant until, Instant now) {
        tats.merge(new Key(bot, bucket.id()), Throttling.micros(until), Math::max);
    }

    private void sweep(long nowMicros) {
        if (nowMicros < nextSweep) {
            return;
        }
        tats.values().removeIf(tat -> tat < nowMicros);
        nextSweep = nowMicros + 60_000_000L;
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }
}
