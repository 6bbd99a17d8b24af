package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.testing.MutableClock;

/**
 * Counts the bytes the committing thread allocates for a commit of changes ({@link RecordWrite#withBase})
 * on a private redis-server: a mid-flow update that changes the state and the metadata and leaves
 * the data alone, loaded before each commit outside the count, median of 9 batches after a warm-up.
 * Nothing is timed. The data left alone is not encoded again: its stored size, known from the load,
 * is what the size limit counts, so a large unchanged entry costs the commit nothing.
 */
class RedisCommitAllocationIT {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final StorageKey key = StorageKey.of(1, 10, 10);

    @BeforeAll
    static void startServer() {
        server = PrivateRedis.start(Duration.ofSeconds(5));
        redis = server.redis();
        factory = server.factory();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aCommitOfChangesDoesNotEncodeTheDataItLeavesAlone() {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        Map<String, Object> flow = Map.of("product", "c1", "quantity", 12, "address", "Main street 1");
        Map<String, Object> typical = new LinkedHashMap<>();
        typical.put("flow:order", flow);
        Map<String, Object> large = new LinkedHashMap<>(typical);
        large.put("notes", "x".repeat(20_000));
        large.put("history", List.of(Map.of("product", "c0", "quantity", 3), Map.of("product", "c2", "quantity", 1)));

        long small = bytesPerCommit("alloc-small:", typical);
        long big = bytesPerCommit("alloc-big:", large);
        System.out.println("bytes allocated per commit of changes: the sample's data " + small
                + ", with 20 KB more data left alone " + big);

        assertThat(big - small).as("bytes a commit allocates for 20 KB of data it does not change (%s against %s)",
                big, small).isLessThan(2_000);
    }

    private long bytesPerCommit(String prefix, Map<String, Object> data) {
        RedisFsmStorage storage = new RedisFsmStorage(factory, new KeyRenderer(prefix),
                new StorageConfig(clock, new JacksonFsmCodec(), null, 64_000));
        Duration ttl = Duration.ofDays(7);
        storage.save(WriteBatch.of(RecordWrite.put(key, new FsmRecord("order:product", data,
                Map.of("updates", List.of(1), "messages", 2), 0, null, null), 0, ttl)));
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 2_000; i++) {
            commit(storage, i, ttl);
        }
        long[] batches = new long[9];
        int commits = 200;
        for (int b = 0; b < batches.length; b++) {
            long total = 0;
            for (int i = 0; i < commits; i++) {
                WriteBatch batch = next(storage, i, ttl);
                long before = THREADS.getThreadAllocatedBytes(id);
                storage.save(batch);
                total += THREADS.getThreadAllocatedBytes(id) - before;
            }
            batches[b] = total / commits;
        }
        Arrays.sort(batches);
        return batches[batches.length / 2];
    }

    private void commit(RedisFsmStorage storage, int i, Duration ttl) {
        storage.save(next(storage, i, ttl));
    }

    /** The next mid-flow commit: the state and the metadata change, the data does not. */
    private WriteBatch next(RedisFsmStorage storage, int i, Duration ttl) {
        FsmRecord base = storage.load(key);
        FsmRecord next = base.withState(i % 2 == 0 ? "order:quantity" : "order:address")
                .withMeta(Map.of("updates", List.of(i, i + 1), "messages", 2));
        return WriteBatch.of(RecordWrite.put(key, next, base.version(), ttl).withBase(base));
    }
}
