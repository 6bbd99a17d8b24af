package dev.tgfsm.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

import com.sun.management.ThreadMXBean;

import dev.tgfsm.bench.PairedComparison.Side;

/**
 * The typical update through the dispatcher against the same update through a unit of work of its
 * own, interleaved call by call on 10,000 conversations, on memory and on Redis (with the lock), then
 * the bytes each side allocates per call on every thread. Redis at {@code bench.redis.port} (6379 by
 * default), keys under {@code bench.redis.prefix}:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.tgfsm.bench.DispatcherPairedMain [seconds]}.
 */
public final class DispatcherPairedMain {

    private DispatcherPairedMain() {
    }

    /**
     * Runs both comparisons and prints them.
     *
     * @param args optional: measured seconds per comparison (default 10)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        PairedComparison paired = new PairedComparison(3000, seconds * 1000);
        MemoryBenchmarks memory = new MemoryBenchmarks();
        memory.keys = BenchConfig.MANY_KEYS;
        memory.open(true);
        try {
            PairedComparison.Op dispatched = () -> {
                memory.typicalUpdateDispatcher();
                return null;
            };
            paired.compare("memory: dispatcher / unit of work", 0.8, Double.NaN, new Side("typicalUpdateDispatcher",
                    dispatched), new Side("typicalUpdate", memory::typicalUpdate));
            System.out.printf(Locale.ROOT,
                    "memory allocated per call (all threads): dispatcher %d B, unit of work %d B%n",
                    allocated(dispatched, 100_000), allocated(memory::typicalUpdate, 100_000));
        }
        finally {
            memory.tearDown();
        }
        RedisFixture redis = new RedisFixture();
        redis.keys = BenchConfig.MANY_KEYS;
        redis.open(true);
        try {
            Latency latency = new Latency();
            RedisTypicalBenchmarks typical = new RedisTypicalBenchmarks();
            PairedComparison.Op dispatched = () -> {
                typical.typicalUpdateDispatcher(redis, latency);
                return null;
            };
            PairedComparison.Op direct = () -> typical.typicalUpdate(redis, latency);
            paired.compare("redis: dispatcher / unit of work", 0.8, Double.NaN, new Side("typicalUpdateDispatcher",
                    dispatched), new Side("typicalUpdate", direct));
            System.out.printf(Locale.ROOT,
                    "redis allocated per call (all threads): dispatcher %d B, unit of work %d B%n",
                    allocated(dispatched, 5_000), allocated(direct, 5_000));
        }
        finally {
            redis.tearDown();
        }
        for (Map<String, Object> row : paired.results()) {
            System.out.println(row);
        }
    }

    private static long allocated(PairedComparison.Op op, int n) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        long before = allByThreads(threads);
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (allByThreads(threads) - before) / n;
    }

    private static long allByThreads(ThreadMXBean threads) {
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
