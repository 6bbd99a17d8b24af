package dev.tgfsm.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.lettuce.core.ScriptOutputType;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.tgfsm.Internal;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.Throttling;

/**
 * The Redis {@link PermitStore} of outbound flood control: every request is one Lua script
 * ({@code flood.lua}), one round trip, that checks and books all buckets of the call atomically, so
 * any number of instances on one Redis (standalone or Cluster) together stay within the limits.
 *
 * <p>A bucket is a string at {@code prefix + "#flood{" + bot id + "}:" + bucket id} holding its
 * theoretical arrival time in microseconds, with a {@code PX} that lets it vanish once it is reached;
 * all buckets of one bot share the {@code {hash tag}}, so one Cluster slot. Time comes from the
 * caller's clock, as for {@link RedisFsmStorage#throttle}: instances whose clocks disagree by
 * {@code d} may send up to {@code d} worth of permits early. Connection loss and timeouts raise
 * {@link StorageUnavailableException}. Thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class RedisPermitStore implements PermitStore {

    /** What follows the namespace's prefix in every bucket key. */
    static final String FLOOD_INFIX = "#flood{";

    private static final RedisScript FLOOD = RedisScript.read("flood");

    private final RedisChannel channel;

    private final String prefix;

    /**
     * Creates the store with the storage's {@linkplain RedisFsmStorage#DEFAULT_COMMAND_TIMEOUT
     * default command timeout}.
     *
     * @param connectionFactory a Lettuce connection factory, standalone or cluster
     * @param renderer gives the namespace's prefix
     */
    public RedisPermitStore(RedisConnectionFactory connectionFactory, KeyRenderer renderer) {
        Objects.requireNonNull(renderer, "renderer must not be null");
        this.channel = new RedisChannel(connectionFactory, RedisFsmStorage.DEFAULT_COMMAND_TIMEOUT);
        this.prefix = renderer.prefix() + FLOOD_INFIX;
    }

    @Override
    public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
        String keyPrefix = keyPrefix(bot);
        byte[][] keys = new byte[buckets.size()][];
        byte[][] args = new byte[2 + 2 * buckets.size()][];
        args[0] = RedisRecordFormat.bytes(String.valueOf(Throttling.micros(now)));
        args[1] = RedisRecordFormat.bytes("a");
        for (int i = 0; i < keys.length; i++) {
            Bucket bucket = buckets.get(i);
            keys[i] = RedisRecordFormat.bytes(keyPrefix + bucket.id());
            args[2 + 2 * i] = micros(bucket.interval(), "interval");
            args[3 + 2 * i] = micros(bucket.tolerance(), "tolerance");
        }
        List<Object> reply = channel.run(FLOOD, ScriptOutputType.MULTI, keys, args);
        long wait = (Long) reply.get(1);
        return (Long) reply.get(0) == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(1, wait) * 1_000);
    }

    @Override
    public void hold(long bot, Bucket bucket, Instant until, Instant now) {
        channel.run(FLOOD, ScriptOutputType.MULTI, new byte[][]{RedisRecordFormat.bytes(keyPrefix(bot) + bucket.id())},
                RedisRecordFormat.bytes(String.valueOf(Throttling.micros(now))), RedisRecordFormat.bytes("h"),
                RedisRecordFormat.bytes(String.valueOf(Throttling.micros(until))));
    }

    private static byte[] micros(Duration duration, String name) {
        return RedisRecordFormat.bytes(String.valueOf(Throttling.positiveMicros(duration, name)));
    }

    /** Releases the connection taken from the factory. */
    public void close() {
        channel.close();
    }

    /** The start of a bot's bucket keys; the bot id is the hash tag, so its buckets share a slot. */
    private String keyPrefix(long bot) {
        return prefix + bot + "}:";
    }
}
