package dev.tgfsm.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DueDeadline;

/**
 * The deadline index of the Redis backend: one sorted set per namespace at
 * {@code prefix + "#deadlines"}, members the rendered record keys, scores the due times in epoch
 * milliseconds. Every operation is one script that touches only that key, so it works on Redis
 * Cluster (the index lives in its own slot, apart from the records). On standalone Redis the commit
 * script also changes it, with the records ({@link #indexKey()}). Claiming is
 * {@code ZRANGEBYSCORE} plus a score bump to the claim's end in one script, hence atomic across
 * instances.
 */
final class RedisDeadlines {

    static final String SUFFIX = "#deadlines";

    static final RedisScript SCHEDULE = RedisScript.read("deadline_schedule");

    static final RedisScript CLAIM = RedisScript.read("deadline_claim");

    static final RedisScript CANCEL = RedisScript.read("deadline_cancel");

    private final RedisChannel channel;

    private final KeyRenderer renderer;

    private final byte[][] index;

    RedisDeadlines(RedisChannel channel, KeyRenderer renderer) {
        this.channel = channel;
        this.renderer = renderer;
        this.index = new byte[][] {RedisRecordFormat.bytes(renderer.prefix() + SUFFIX)};
    }

    /** The index's key, for the commit script that changes it with the records (standalone only). */
    byte[] indexKey() {
        return index[0];
    }

    void schedule(StorageKey key, Instant at) {
        channel.run(SCHEDULE, ScriptOutputType.INTEGER, index, number(at.toEpochMilli()),
                RedisRecordFormat.bytes(renderer.render(key)));
    }

    /** Claims due members, of one bot's conversations only when {@code botId} is given. */
    List<DueDeadline> claim(Long botId, Instant now, int limit, Duration lease) {
        long until = now.toEpochMilli() + lease.toMillis();
        List<Object> reply = channel.run(CLAIM, ScriptOutputType.MULTI, index, number(now.toEpochMilli()),
                number(limit), number(until), RedisRecordFormat.bytes(botId == null ? "" : renderer.botTag(botId)));
        List<DueDeadline> claimed = new ArrayList<>(reply.size());
        for (Object member : reply) {
            claimed.add(new DueDeadline(renderer.parse(RedisRecordFormat.text(member)), Instant.ofEpochMilli(until)));
        }
        return claimed;
    }

    boolean cancel(StorageKey key, @Nullable Instant expected) {
        Long removed = channel.run(CANCEL, ScriptOutputType.INTEGER, index, RedisRecordFormat.bytes(renderer.render(key)),
                RedisRecordFormat.bytes(expected == null ? "" : String.valueOf(expected.toEpochMilli())));
        return removed == 1;
    }

    private static byte[] number(long value) {
        return RedisRecordFormat.bytes(String.valueOf(value));
    }
}
