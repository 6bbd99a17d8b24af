package dev.tgfsm.bench;

import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;

import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;

/**
 * The typical update on Redis with the cross-instance lock: through a unit of work and through the
 * dispatcher (2 round trips each), against raw Lettuce calling the same two scripts, and against an
 * aiogram-style flow of plain commands (7 round trips). Every baseline holds an in-process
 * per-conversation guard, as the library does.
 */
public class RedisTypicalBenchmarks {

    /**
     * Begin (lock and load), read data, update data, set state, commit (write and unlock).
     *
     * @param f the fixture
     * @param latency the latency recorder
     * @return the data read
     */
    @Benchmark
    public Object typicalUpdate(RedisFixture f, Latency latency) {
        long start = latency.start();
        try (FsmTransaction tx = FsmTransactions.begin(f.contexts, f.keySet.next())) {
            Object data = TypicalUpdate.handle(tx.context());
            tx.commit();
            return data;
        }
        finally {
            latency.stop(start);
        }
    }

    /**
     * The same handler behind the dispatcher.
     *
     * @param f the fixture
     * @param latency the latency recorder
     */
    @Benchmark
    public void typicalUpdateDispatcher(RedisFixture f, Latency latency) {
        long start = latency.start();
        f.dispatcher.submit(f.updates.next(f.keySet.nextIndex())).join();
        latency.stop(start);
    }

    /**
     * Baseline: raw Lettuce, lock_load.lua then commit.lua.
     *
     * @param f the fixture
     * @param latency the latency recorder
     * @return the data read
     */
    @Benchmark
    public Object rawTwoScripts(RedisFixture f, Latency latency) {
        StorageKey key = f.keySet.next();
        int step = ThreadLocalRandom.current().nextInt(1000);
        long start = latency.start();
        try {
            synchronized (f.raw.guard(key)) {
                return f.raw.typicalTwoScripts(key, step, (step & 1) == 0 ? BenchConfig.STATE_A : BenchConfig.STATE_B);
            }
        }
        finally {
            latency.stop(start);
        }
    }

    /**
     * Baseline: the aiogram-style flow of plain commands.
     *
     * @param f the fixture
     * @param latency the latency recorder
     * @return the data read
     */
    @Benchmark
    public Object aiogramStyle(RedisFixture f, Latency latency) {
        StorageKey key = f.keySet.next();
        int step = ThreadLocalRandom.current().nextInt(1000);
        long start = latency.start();
        try {
            synchronized (f.raw.guard(key)) {
                return f.raw.typicalAiogram(key, step, (step & 1) == 0 ? BenchConfig.STATE_A : BenchConfig.STATE_B);
            }
        }
        finally {
            latency.stop(start);
        }
    }
}
