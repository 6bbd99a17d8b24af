package dev.tgfsm.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordTooLargeException;
import dev.tgfsm.storage.StorageConfig;

/**
 * Runs the single-record changes of the convenience methods ({@code setState}, {@code setData},
 * {@code updateData}, {@code compareAndSet}, {@code delete}) as one {@code update.lua} call each:
 * the script validates the stored hash, checks the size of the result and writes in one step.
 */
final class RedisUpdates {

    private final RedisChannel channel;

    private final RedisRecordFormat format;

    private final StorageConfig settings;

    RedisUpdates(RedisChannel channel, RedisRecordFormat format, StorageConfig settings) {
        this.channel = channel;
        this.format = format;
        this.settings = settings;
    }

    /** What a change did: whether it matched (or the record existed), and the record after it. */
    record Outcome(boolean matched, FsmRecord record) {
    }

    Outcome run(String key, String mode, @Nullable String state, boolean hasExpected, @Nullable String expected,
            Map<String, @Nullable Object> data, @Nullable Duration ttl) {
        long now = settings.clock().millis();
        List<byte[]> args = RedisRecordFormat.list(10 + data.size() * 2);
        args.add(RedisRecordFormat.bytes(String.valueOf(now)));
        args.add(RedisRecordFormat.bytes(mode));
        RedisRecordFormat.addTtl(args, ttl, now);
        args.add(RedisRecordFormat.bytes(String.valueOf(settings.maxRecordBytes())));
        args.add(RedisRecordFormat.bytes(state == null ? "0" : "1"));
        args.add(RedisRecordFormat.bytes(state == null ? "" : state));
        args.add(RedisRecordFormat.bytes(hasExpected && expected != null ? "1" : "0"));
        args.add(RedisRecordFormat.bytes(expected == null ? "" : expected));
        args.add(RedisRecordFormat.bytes(String.valueOf(data.size())));
        long dataSize = format.encodeData(data, args);
        if ("data".equals(mode)) {
            settings.checkSize(key, dataSize + 2);
        }
        List<Object> reply = channel.run(RedisScript.UPDATE, ScriptOutputType.MULTI,
                new byte[][]{RedisRecordFormat.bytes(key)}, args.toArray(RedisRecordFormat.NO_BYTES));
        long code = (Long) reply.get(0);
        if (code == -2) {
            throw new CorruptRecordException(key, RedisRecordFormat.text(reply.get(1)), null);
        }
        if (code == -3) {
            throw new RecordTooLargeException(key, (Long) reply.get(1), settings.maxRecordBytes(), "bytes");
        }
        FsmRecord after = reply.size() > 1 ? format.decode((List<?>) reply.get(1), key) : FsmRecord.EMPTY;
        return new Outcome(code == 1, after);
    }
}
