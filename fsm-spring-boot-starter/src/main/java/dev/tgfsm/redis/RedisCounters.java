package dev.tgfsm.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.Throttling;

/**
 * The counter and rate-limit calls of {@link RedisFsmStorage}, one script each: a counter at
 * {@code prefix + "#c:" + name}, and a bucket step on the string at {@link RedisLocks#bucketKey}.
 */
final class RedisCounters {

    private final RedisChannel channel;

    private final KeyRenderer renderer;

    private final StorageConfig settings;

    private final RedisLocks locks;

    RedisCounters(RedisChannel channel, KeyRenderer renderer, StorageConfig settings, RedisLocks locks) {
        this.channel = channel;
        this.renderer = renderer;
        this.settings = settings;
        this.locks = locks;
    }

    /** See {@link RedisFsmStorage#increment}. */
    long increment(String counter, long amount, @Nullable Duration ttl) {
        Objects.requireNonNull(counter, "counter must not be null");
        long now = settings.clock().millis();
        List<byte[]> args = RedisRecordFormat.list(4);
        args.add(RedisRecordFormat.bytes(String.valueOf(now)));
        args.add(RedisRecordFormat.bytes(String.valueOf(amount)));
        RedisRecordFormat.addTtl(args, ttl, now);
        Long value = channel.run(RedisScript.INCREMENT, ScriptOutputType.INTEGER,
                new byte[][]{RedisRecordFormat.bytes(renderer.prefix() + RedisFsmStorage.COUNTER_INFIX + counter)},
                args.toArray(RedisRecordFormat.NO_BYTES));
        return value;
    }

    /** See {@link RedisFsmStorage#throttle}. */
    ThrottleResult throttle(StorageKey bucket, Instant now, Duration increment, Duration capacity) {
        Objects.requireNonNull(bucket, "bucket must not be null");
        List<Object> reply = channel.run(RedisScript.THROTTLE, ScriptOutputType.MULTI,
                new byte[][]{RedisRecordFormat.bytes(locks.bucketKey(bucket))},
                RedisLocks.throttleArgs(now, increment, capacity));
        return new ThrottleResult((Long) reply.get(0) == 1, Throttling.instant((Long) reply.get(1)));
    }
}
