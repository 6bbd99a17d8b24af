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
 * The deadline indexes of the Redis backend: one sorted set per bot, members the rendered record
 * keys, scores the due times in epoch milliseconds, so that each bot's scheduler claims only its
 * own entries and reads no other bot's. The indexes of one namespace, the set of bots that have one
 * and the namespace's single index of earlier versions ({@code prefix + "#deadlines"}) share one
 * Cluster slot (a hash tag: the single index's key), apart from the records: every operation is
 * one script on that slot, so it works on Redis Cluster. On standalone Redis the commit script also
 * changes them, with the records ({@link #indexKeys}). Claiming is {@code ZRANGEBYSCORE} plus a
 * score bump to the claim's end in one script, hence atomic across instances.
 *
 * <p>Entries stored in the single index by an earlier version stay valid: a bot's claim also reads
 * that index while it exists (past other bots' entries, as before) and moves what it claims to the
 * bot's own index; scheduling or cancelling an entry removes it from there too.
 */
final class RedisDeadlines {

    static final String SUFFIX = "#deadlines";

    static final RedisScript SCHEDULE = RedisScript.read("deadline_schedule");

    static final RedisScript CLAIM = RedisScript.read("deadline_claim");

    static final RedisScript CANCEL = RedisScript.read("deadline_cancel");

    static final RedisScript BOTS = RedisScript.read("deadline_bots");

    private static final byte[][] NO_KEYS = new byte[0][];

    private final RedisChannel channel;

    private final KeyRenderer renderer;

    /** The single index of earlier versions. */
    private final byte[] shared;

    /** The start of every bot's index key: the single index's key, with a hash tag on it. */
    private final String tagged;

    /** The set of the ids of bots that have an index. */
    private final byte[] bots;

    RedisDeadlines(RedisChannel channel, KeyRenderer renderer) {
        this.channel = channel;
        this.renderer = renderer;
        String single = renderer.prefix() + SUFFIX;
        this.shared = RedisRecordFormat.bytes(single);
        this.tagged = tagged(renderer.prefix());
        this.bots = RedisRecordFormat.bytes(tagged + ":bots");
    }

    private static String tagged(String prefix) {
        String single = prefix + SUFFIX;
        return hasHashTag(single) ? single : single + ":{" + single + "}";
    }

    /**
     * The key of one bot's index in a namespace.
     *
     * @param prefix the namespace's key prefix
     * @param botId the bot
     * @return for example <code>tgfsm:#deadlines:{tgfsm:#deadlines}:42</code>
     */
    static String indexKey(String prefix, long botId) {
        return tagged(prefix) + ":" + botId;
    }

    /** Whether Redis Cluster hashes a key by a tag in it: a '{' with a '}' after it, not right after. */
    static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1;
    }

    /**
     * The key of one bot's index.
     *
     * @param botId the bot
     * @return the key, in the slot of the namespace's single index
     */
    String indexKey(long botId) {
        return tagged + ":" + botId;
    }

    /**
     * The keys the commit script changes for a deadline of {@code key}: the bot's index, the set of
     * bots, the single index of earlier versions (standalone only).
     */
    byte[][] indexKeys(StorageKey key) {
        return new byte[][]{RedisRecordFormat.bytes(indexKey(key.botId())), bots, shared};
    }

    void schedule(StorageKey key, Instant at) {
        channel.run(SCHEDULE, ScriptOutputType.INTEGER,
                new byte[][]{RedisRecordFormat.bytes(indexKey(key.botId())), bots, shared},
                number(at.toEpochMilli()), RedisRecordFormat.bytes(renderer.render(key)), number(key.botId()));
    }

    /**
     * Claims due members: of one bot's index (and of the single index while it exists) when
     * {@code botId} is given, else of the single index and of every bot's.
     */
    List<DueDeadline> claim(@Nullable Long botId, Instant now, int limit, Duration lease) {
        long until = now.toEpochMilli() + lease.toMillis();
        byte[][] keys;
        if (botId != null) {
            keys = new byte[][]{RedisRecordFormat.bytes(indexKey(botId)), shared};
        }
        else {
            List<byte[]> all = new ArrayList<>();
            all.add(shared);
            for (Object member : channel.<List<Object>>run(BOTS, ScriptOutputType.MULTI, new byte[][]{bots})) {
                all.add(RedisRecordFormat.bytes(indexKey(Long.parseLong(RedisRecordFormat.text(member)))));
            }
            keys = all.toArray(NO_KEYS);
        }
        List<Object> reply = channel.run(CLAIM, ScriptOutputType.MULTI, keys, number(now.toEpochMilli()),
                number(limit), number(until), RedisRecordFormat.bytes(botId == null ? "" : renderer.botTag(botId)));
        List<DueDeadline> claimed = new ArrayList<>(reply.size());
        for (Object member : reply) {
            claimed.add(new DueDeadline(renderer.parse(RedisRecordFormat.text(member)), Instant.ofEpochMilli(until)));
        }
        return claimed;
    }

    boolean cancel(StorageKey key, @Nullable Instant expected) {
        Long removed = channel.run(CANCEL, ScriptOutputType.INTEGER,
                new byte[][]{RedisRecordFormat.bytes(indexKey(key.botId())), shared},
                RedisRecordFormat.bytes(renderer.render(key)),
                RedisRecordFormat.bytes(expected == null ? "" : String.valueOf(expected.toEpochMilli())));
        return removed == 1;
    }

    private static byte[] number(long value) {
        return RedisRecordFormat.bytes(String.valueOf(value));
    }
}
