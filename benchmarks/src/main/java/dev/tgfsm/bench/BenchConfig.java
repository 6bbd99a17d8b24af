package dev.tgfsm.bench;

import java.util.Map;

import dev.tgfsm.key.StorageKey;

/**
 * Where the benchmarks find their servers and fixtures: system properties set by
 * {@link BenchmarkMain} for every forked JVM, with local defaults.
 */
public final class BenchConfig {

    /** Number of distinct conversations in the "many keys" case. */
    public static final int MANY_KEYS = 10_000;

    /** The bot of every benchmark key. */
    public static final long BOT_ID = 1;

    /** A state the typical update sets, alternating with {@link #STATE_B}. */
    public static final String STATE_A = "Form:AGE";

    /** The other state the typical update sets. */
    public static final String STATE_B = "Form:NAME";

    private BenchConfig() {
    }

    /**
     * The Redis port.
     *
     * @return the port
     */
    public static int redisPort() {
        return Integer.getInteger("bench.redis.port", 6379);
    }

    /**
     * The key prefix of every Redis key the benchmarks write.
     *
     * @return the prefix
     */
    public static String redisPrefix() {
        return System.getProperty("bench.redis.prefix", "tgfsm-bench:");
    }

    /**
     * The PostgreSQL JDBC URL.
     *
     * @return the URL
     */
    public static String postgresUrl() {
        return System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    /**
     * The SQLite JDBC URL.
     *
     * @return the URL
     */
    public static String sqliteUrl() {
        return System.getProperty("bench.sqlite.url", "jdbc:sqlite:/tmp/tgfsm-bench.db");
    }

    /**
     * The table prefix of the benchmark tables.
     *
     * @return the prefix
     */
    public static String tablePrefix() {
        return System.getProperty("bench.table.prefix", "tgfsm_bench_");
    }

    /**
     * The directory latency histograms are written to.
     *
     * @return the directory
     */
    public static String latencyDir() {
        return System.getProperty("bench.latency.dir", "benchmarks/results/latency");
    }

    /**
     * The key of conversation {@code i}: user {@code 1000 + i} in their private chat.
     *
     * @param i the index
     * @return the key
     */
    public static StorageKey key(int i) {
        return StorageKey.of(BOT_ID, 1000 + i, 1000 + i);
    }

    /**
     * The data every conversation is seeded with: a half-filled form.
     *
     * @return the data
     */
    public static Map<String, Object> seedData() {
        return Map.of("name", "Ann", "step", 1, "lang", "en");
    }
}
