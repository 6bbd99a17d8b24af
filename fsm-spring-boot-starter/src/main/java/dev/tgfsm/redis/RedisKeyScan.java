package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * Walks the keys of a namespace with {@code SCAN} in bounded batches, never {@code KEYS}. On a
 * Redis Cluster, Lettuce's cluster connection continues the cursor from one master to the next, so
 * every master is scanned.
 */
final class RedisKeyScan {

    /** How many keys one {@code SCAN} call looks at. */
    static final int BATCH = 500;

    private static final byte[] EXPIRY_FIELD = RedisRecordFormat.bytes("x");

    private final RedisChannel channel;

    RedisKeyScan(RedisChannel channel) {
        this.channel = channel;
    }

    /**
     * The keys matching a pattern, batch by batch, lazily. A batch may be empty while the scan goes on.
     */
    Stream<List<String>> batches(String pattern, Predicate<String> keep) {
        Iterator<List<String>> pages = new Iterator<>() {

            private ScanCursor cursor = ScanCursor.INITIAL;

            @Override
            public boolean hasNext() {
                return !cursor.isFinished();
            }

            @Override
            public List<String> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RedisClusterAsyncCommands<byte[], byte[]> commands = channel.commands();
                ScanArgs args = ScanArgs.Builder.matches(RedisRecordFormat.bytes(pattern)).limit(BATCH);
                KeyScanCursor<byte[]> page;
                try {
                    page = channel.await(commands.scan(cursor, args), "SCAN");
                }
                catch (RedisCommandExecutionException ex) {
                    throw RedisChannel.serverError("SCAN", ex);
                }
                cursor = page;
                List<String> keys = new ArrayList<>(page.getKeys().size());
                for (byte[] key : page.getKeys()) {
                    String text = RedisRecordFormat.text(key);
                    if (keep.test(text)) {
                        keys.add(text);
                    }
                }
                return keys;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false);
    }

    /**
     * Counts the records among keys whose logical expiry has not passed, reading their expiry
     * fields in one pipelined batch.
     */
    long countLive(List<String> keys, long now) {
        RedisClusterAsyncCommands<byte[], byte[]> commands = channel.commands();
        List<RedisFuture<byte[]>> expiries = new ArrayList<>(keys.size());
        for (String key : keys) {
            expiries.add(commands.hget(RedisRecordFormat.bytes(key), EXPIRY_FIELD));
        }
        long live = 0;
        for (RedisFuture<byte[]> expiry : expiries) {
            try {
                byte[] value = channel.await(expiry, "HGET");
                if (value == null || Long.parseLong(RedisRecordFormat.text(value)) > now) {
                    live++;
                }
            }
            catch (RedisCommandExecutionException | NumberFormatException ex) {
                live++; // not a readable record, but one all the same
            }
        }
        return live;
    }

    /** Deletes keys (Lettuce splits a multi-key delete by slot on a cluster); returns how many existed. */
    long delete(List<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        byte[][] raw = new byte[keys.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = RedisRecordFormat.bytes(keys.get(i));
        }
        try {
            Long removed = channel.await(channel.commands().unlink(raw), "UNLINK");
            return removed == null ? 0 : removed;
        }
        catch (RedisCommandExecutionException ex) {
            throw RedisChannel.serverError("UNLINK", ex);
        }
    }
}
