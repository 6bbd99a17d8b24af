package dev.tgfsm.bench;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.RedisFsmStorage;

/**
 * Single storage operations on {@link RedisFsmStorage}, each against raw Lettuce
 * calling the same script with the same arguments (one round trip each).
 */
public class RedisSingleBenchmarks {

    private static String state(int n) {
        return (n & 1) == 0 ? BenchConfig.STATE_A : BenchConfig.STATE_B;
    }

    /** @param f fixture @param l latency @return the state */
    @Benchmark
    public Object getState(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        long start = l.start();
        Object out = f.storage.getState(key);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the state */
    @Benchmark
    public Object rawGetState(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        long start = l.start();
        Object out = f.raw.getState(key);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency */
    @Benchmark
    public void setState(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        String state = state(ThreadLocalRandom.current().nextInt());
        long start = l.start();
        f.storage.setState(key, state);
        l.stop(start);
    }

    /** @param f fixture @param l latency @return the reply */
    @Benchmark
    public Object rawSetState(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        String state = state(ThreadLocalRandom.current().nextInt());
        long start = l.start();
        Object out = f.raw.setState(key, state);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the data */
    @Benchmark
    public Object updateData(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        int step = ThreadLocalRandom.current().nextInt(1000);
        long start = l.start();
        Object out = f.storage.updateData(key, Map.of("step", step));
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the reply */
    @Benchmark
    public Object rawUpdateData(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        int step = ThreadLocalRandom.current().nextInt(1000);
        long start = l.start();
        Object out = f.raw.updateData(key, step);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return whether it matched */
    @Benchmark
    public boolean compareAndSet(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        int n = ThreadLocalRandom.current().nextInt();
        long start = l.start();
        boolean out = f.storage.compareAndSet(key, state(n), state(n + 1), null);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return whether it matched */
    @Benchmark
    public boolean rawCompareAndSet(RedisFixture f, Latency l) {
        StorageKey key = f.keySet.next();
        int n = ThreadLocalRandom.current().nextInt();
        long start = l.start();
        boolean out = f.raw.compareAndSet(key, state(n), state(n + 1));
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the counter */
    @Benchmark
    public long increment(RedisFixture f, Latency l) {
        String counter = "hits:" + f.keySet.nextIndex();
        long start = l.start();
        long out = f.storage.increment(counter, 1, null);
        l.stop(start);
        return out;
    }

    /** @param f fixture @param l latency @return the counter */
    @Benchmark
    public long rawIncrement(RedisFixture f, Latency l) {
        String counter = "hits:" + f.keySet.nextIndex();
        long start = l.start();
        long out = f.raw.increment(counter);
        l.stop(start);
        return out;
    }
}
