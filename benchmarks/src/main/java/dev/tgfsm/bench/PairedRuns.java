package dev.tgfsm.bench;

import java.util.List;
import java.util.Map;

import dev.tgfsm.bench.PairedComparison.Side;

/**
 * The interleaved comparisons of the summary's headline table: every library operation of the
 * issue's targets against its baseline, one thread, 10,000 keys.
 */
final class PairedRuns {

    private PairedRuns() {
    }

    static List<Map<String, Object>> run(List<String> dbs) throws Exception {
        PairedComparison paired = new PairedComparison(1000, 2500);
        Latency l = new Latency();
        MemoryBenchmarks memory = new MemoryBenchmarks();
        memory.keys = BenchConfig.MANY_KEYS;
        memory.open(false);
        try {
            paired.compare("memory typical update", 0.5, Double.NaN, new Side("typicalUpdate", memory::typicalUpdate),
                    new Side("rawMapGetCompute", memory::rawMapGetCompute));
        }
        finally {
            memory.tearDown();
        }
        RedisFixture r = new RedisFixture();
        r.keys = BenchConfig.MANY_KEYS;
        r.open(false);
        try {
            RedisTypicalBenchmarks t = new RedisTypicalBenchmarks();
            paired.compare("redis typical update", 0.8, Double.NaN,
                    new Side("typicalUpdate", () -> t.typicalUpdate(r, l)),
                    new Side("rawTwoScripts", () -> t.rawTwoScripts(r, l)));
            paired.compare("redis typical update", 2.0, Double.NaN,
                    new Side("typicalUpdate", () -> t.typicalUpdate(r, l)),
                    new Side("aiogramStyle", () -> t.aiogramStyle(r, l)));
            RedisSingleBenchmarks s = new RedisSingleBenchmarks();
            paired.compare("redis getState", 0.85, 1.25, new Side("getState", () -> s.getState(r, l)),
                    new Side("rawGetState", () -> s.rawGetState(r, l)));
            paired.compare("redis setState", 0.85, 1.25, new Side("setState", () -> {
                s.setState(r, l);
                return null;
            }), new Side("rawSetState", () -> s.rawSetState(r, l)));
            paired.compare("redis updateData", 0.85, 1.25, new Side("updateData", () -> s.updateData(r, l)),
                    new Side("rawUpdateData", () -> s.rawUpdateData(r, l)));
            paired.compare("redis compareAndSet", 0.85, 1.25, new Side("compareAndSet", () -> s.compareAndSet(r, l)),
                    new Side("rawCompareAndSet", () -> s.rawCompareAndSet(r, l)));
            paired.compare("redis increment", 0.85, 1.25, new Side("increment", () -> s.increment(r, l)),
                    new Side("rawIncrement", () -> s.rawIncrement(r, l)));
        }
        finally {
            r.tearDown();
        }
        for (String db : dbs) {
            JdbcFixture j = new JdbcFixture();
            j.db = db;
            j.keys = BenchConfig.MANY_KEYS;
            j.setUp();
            try {
                JdbcTypicalBenchmarks t = new JdbcTypicalBenchmarks();
                paired.compare(db + " typical update", 0.8, Double.NaN,
                        new Side("typicalUpdate", () -> t.typicalUpdate(j, l)),
                        new Side("rawJdbc", () -> t.rawJdbc(j, l)));
                JdbcSingleBenchmarks s = new JdbcSingleBenchmarks();
                paired.compare(db + " getState", 0.8, Double.NaN, new Side("getState", () -> s.getState(j, l)),
                        new Side("rawGetState", () -> s.rawGetState(j, l)));
                paired.compare(db + " setState", 0.8, Double.NaN, new Side("setState", () -> {
                    s.setState(j, l);
                    return null;
                }), new Side("rawSetState", () -> s.rawSetState(j, l)));
                paired.compare(db + " updateData", 0.8, Double.NaN, new Side("updateData", () -> s.updateData(j, l)),
                        new Side("rawUpdateData", () -> s.rawUpdateData(j, l)));
                paired.compare(db + " compareAndSet", 0.8, Double.NaN,
                        new Side("compareAndSet", () -> s.compareAndSet(j, l)),
                        new Side("rawCompareAndSet", () -> s.rawCompareAndSet(j, l)));
                paired.compare(db + " increment", 0.8, Double.NaN, new Side("increment", () -> s.increment(j, l)),
                        new Side("rawIncrement", () -> s.rawIncrement(j, l)));
            }
            finally {
                j.tearDown();
            }
        }
        return paired.results();
    }
}
