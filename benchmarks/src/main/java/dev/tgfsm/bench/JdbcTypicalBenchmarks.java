package dev.tgfsm.bench;

import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;

/**
 * The typical update on PostgreSQL and SQLite through a unit of work (one SELECT, one version-checked
 * UPDATE) against raw JDBC running the same two statements. Both hold the in-process guard of the
 * conversation, as the dispatcher would.
 */
public class JdbcTypicalBenchmarks {

    /**
     * Begin, read data, update data, set state, commit; run again on a version conflict
     * ({@link FsmContexts#inTransaction}).
     *
     * @param f the fixture
     * @param latency the latency recorder
     * @return the data read
     */
    @Benchmark
    public Object typicalUpdate(JdbcFixture f, Latency latency) {
        StorageKey key = f.keySet.next();
        long start = latency.start();
        try {
            synchronized (f.guard(key)) {
                return f.contexts.inTransaction(key, tx -> TypicalUpdate.handle(tx.context()));
            }
        }
        finally {
            latency.stop(start);
        }
    }

    /**
     * Baseline: the same SELECT and UPDATE with raw JDBC, run again when the UPDATE finds another
     * version.
     *
     * @param f the fixture
     * @param latency the latency recorder
     * @return the data read
     * @throws Exception on a database error
     */
    @Benchmark
    public Object rawJdbc(JdbcFixture f, Latency latency) throws Exception {
        StorageKey key = f.keySet.next();
        int step = ThreadLocalRandom.current().nextInt(1000);
        long start = latency.start();
        try {
            synchronized (f.guard(key)) {
                return f.raw.typical(f.renderer.canonical(key), step, (step & 1) == 0 ? BenchConfig.STATE_A
                        : BenchConfig.STATE_B);
            }
        }
        finally {
            latency.stop(start);
        }
    }
}
