package dev.tgfsm.bench;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;

import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.key.StorageKey;

/**
 * Single operations on {@link JdbcFsmStorage} against raw JDBC running the same
 * statements: getState (one SELECT), setState and updateData (SELECT ... FOR UPDATE and UPDATE in a
 * transaction), compareAndSet (one UPDATE), increment (one upsert).
 */
public class JdbcSingleBenchmarks {

    private static String state(int n) {
        return (n & 1) == 0 ? BenchConfig.STATE_A : BenchConfig.STATE_B;
    }

    /** @param f fixture @param l latency @return the state */
    @Benchmark
    public Object getState(JdbcFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        long start = l.start();
        Object out = f.storage.getState(key);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the state @throws Exception on error */
    @Benchmark
    public Object rawGetState(JdbcFixture f, Latency l) throws Exception {
        String key = f.renderer.canonical(f.keySet.next());
        long start = l.start();
        Object out = f.raw.getState(key);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency */
    @Benchmark
    public void setState(JdbcFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        String state = state(ThreadLocalRandom.current().nextInt());
        long start = l.start();
        f.storage.setState(key, state);
        l.stop(start);
    }

    /** @param f fixture @param l latency @return the data @throws Exception on error */
    @Benchmark
    public Object rawSetState(JdbcFixture f, Latency l) throws Exception {
        String key = f.renderer.canonical(f.keySet.next());
        String state = state(ThreadLocalRandom.current().nextInt());
        long start = l.start();
        Object out = f.raw.change(key, state, null);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the data */
    @Benchmark
    public Object updateData(JdbcFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        int step = ThreadLocalRandom.current().nextInt(1000);
        long start = l.start();
        Object out = f.storage.updateData(key, Map.of("step", step));
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the data @throws Exception on error */
    @Benchmark
    public Object rawUpdateData(JdbcFixture f, Latency l) throws Exception {
        String key = f.renderer.canonical(f.keySet.next());
        int step = ThreadLocalRandom.current().nextInt(1000);
        long start = l.start();
        Object out = f.raw.change(key, null, step);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return whether it matched */
    @Benchmark
    public boolean compareAndSet(JdbcFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        int n = ThreadLocalRandom.current().nextInt();
        long start = l.start();
        boolean out = f.storage.compareAndSet(key, state(n), state(n + 1), null);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return whether it matched @throws Exception on error */
    @Benchmark
    public boolean rawCompareAndSet(JdbcFixture f, Latency l) throws Exception {
        String key = f.renderer.canonical(f.keySet.next());
        int n = ThreadLocalRandom.current().nextInt();
        long start = l.start();
        boolean out = f.raw.compareAndSet(key, state(n), state(n + 1));
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the counter */
    @Benchmark
    public long increment(JdbcFixture f, Latency l) {
        String counter = "hits:" + f.keySet.nextIndex();
        long start = l.start();
        long out = f.storage.increment(counter, 1, null);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the counter @throws Exception on error */
    @Benchmark
    public long rawIncrement(JdbcFixture f, Latency l) throws Exception {
        String counter = "hits:" + f.keySet.nextIndex();
        long start = l.start();
        long out = f.raw.increment(counter);
        l.stop(start);
        return out;
    }
}
