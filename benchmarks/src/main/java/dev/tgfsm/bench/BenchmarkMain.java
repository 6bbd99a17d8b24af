package dev.tgfsm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the short benchmark profile: starts a private Redis, seeds Redis, PostgreSQL and SQLite,
 * measures footprints and round trips, compares library and baselines interleaved, runs the JMH
 * benchmarks (typical updates with 1 and 8 threads on 1 and 10,000 keys; Redis single operations
 * with 8 threads on 10,000 keys), and writes {@code jmh.json},
 * {@code measurements.json} and {@code summary.md} to {@code benchmarks/results} (or
 * {@code -Dbench.results}). {@code -Dbench.include=<regex>} restricts the JMH runs.
 */
public final class BenchmarkMain {

    private static final String TYPICAL = "\\.(Memory|RedisTypical|JdbcTypical)Benchmarks\\.";

    private BenchmarkMain() {
    }

    /**
     * Runs everything.
     *
     * @param args ignored
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path results = Path.of(System.getProperty("bench.results", "benchmarks/results")).toAbsolutePath();
        Files.createDirectories(results);
        Path latencyDir = results.resolve("latency");
        Files.deleteIfExists(latencyDir.resolve("latency.tsv"));
        String id = HexFormat.of().formatHex(new byte[]{(byte) ThreadLocalRandom.current().nextInt(),
                (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        Path sqliteDir = Files.createTempDirectory("tgfsm-bench");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bench.redis.prefix", "tgfsm-bench-" + id + ":");
        props.put("bench.table.prefix", "tgfsm_bench_" + id + "_");
        props.put("bench.sqlite.url",
                "jdbc:sqlite:" + sqliteDir.resolve("bench.db") + "?journal_mode=WAL&busy_timeout=10000");
        props.put("bench.latency.dir", latencyDir.toString());
        List<String> notes = new ArrayList<>();
        List<String> dbs = new ArrayList<>(List.of("postgresql", "sqlite"));
        try (RedisServer redis = RedisServer.start()) {
            props.put("bench.redis.port", String.valueOf(redis.port()));
            props.forEach(System::setProperty);
            Fixtures.seedRedis();
            for (String db : List.copyOf(dbs)) {
                try {
                    Fixtures.seedJdbc(db);
                }
                catch (RuntimeException ex) {
                    dbs.remove(db);
                    notes.add(db + " unavailable, skipped: " + ex.getMessage());
                }
            }
            try {
                Map<String, Object> measurements = new LinkedHashMap<>();
                measurements.put("memoryFootprint", Measurements.memoryFootprint());
                measurements.put("roundTripsPerTypicalUpdate_memory", Measurements.memoryRoundTrips());
                measurements.put("redis", Measurements.redis(redis));
                measurements.put("paired", PairedRuns.run(dbs));
                for (String db : dbs) {
                    measurements.put("roundTripsPerTypicalUpdate_" + db, Measurements.jdbc(db));
                }
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(
                        results.resolve("measurements.json").toFile(),
                        measurements);
                List<RunResult> runs = new ArrayList<>();
                String[] dbParams = dbs.toArray(String[]::new);
                if (!Boolean.getBoolean("bench.skipJmh")) {
                    runs.addAll(run(results, "typical-t1", TYPICAL, 1, props, dbParams, "1", "10000"));
                    runs.addAll(run(results, "typical-t8", TYPICAL, 8, props, dbParams, "1", "10000"));
                    // single operations with 1 thread: the interleaved comparison only (time budget)
                    runs.addAll(run(results, "single-t8", "\\.RedisSingleBenchmarks\\.", 8, props, dbParams, "10000"));
                }
                mergeJson(results);
                notes.add("Profile: 1 fork, 1 warm-up iteration of 1 s, " + Integer.getInteger("bench.iterations", 2)
                        + " measured iterations of " + Integer.getInteger("bench.measure.seconds", 1)
                        + " s per benchmark; "
                        + Runtime.getRuntime().availableProcessors() + " CPUs; Redis " + redis.cli("INFO", "server")
                                .lines().filter(l -> l.startsWith("redis_version")).findFirst().orElse("?").trim()
                        + " (private server, no persistence); PostgreSQL and SQLite (WAL) local.");
                notes.add(
                        "Cut to fit the 10-minute budget: single operations run on 10,000 keys only, with 1 thread in "
                                + "the interleaved comparison (Redis, PostgreSQL, SQLite) and with 8 threads as JMH runs on "
                                + "Redis only (no 8-thread single operations on SQL, no JMH B/op for SQL single operations); "
                                + "the dispatcher variant has no target and runs in JMH only; memory benchmarks record no "
                                + "latency (timing sub-microsecond operations would distort the raw baseline); one fork and "
                                + "short iterations, so throughput on these shared 2-core machines varies by ±30 % and more "
                                + "between runs: read the ratios, and rerun with -Dbench.iterations / -Dbench.measure.seconds "
                                + "for tighter numbers.");
                notes.add(
                        "Latency (p50/p99) is recorded with HdrHistogram around each operation in the benchmark thread; "
                                + "B/op is JMH's gc.alloc.rate.norm. Round trips, bytes per session and Redis MEMORY USAGE are "
                                + "measured outside JMH (see the last section).");
                notes.add("Why targets are missed, with profiles: see analysis.md next to this file (written by hand "
                        + "after the run).");
                SummaryWriter.write(results.resolve("summary.md"), rows(runs, latencyDir), measurements, notes);
            }
            finally {
                for (String db : dbs) {
                    Fixtures.dropJdbc(db);
                }
                try (var files = Files.walk(sqliteDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.out.println("Wrote " + results.resolve("summary.md"));
    }

    private static List<RunResult> run(Path results, String name, String pattern, int threads,
            Map<String, String> props, String[] dbs, String... keys) throws Exception {
        String include = System.getProperty("bench.include");
        String regex = include == null ? pattern : "^(?=.*(" + include + ")).*" + pattern;
        int seconds = Integer.getInteger("bench.measure.seconds", 1);
        ChainedOptionsBuilder options = new OptionsBuilder().include(regex).threads(threads).forks(1)
                .warmupIterations(1).warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("bench.iterations", 2))
                .measurementTime(TimeValue.seconds(seconds))
                .addProfiler(GCProfiler.class).param("keys", keys).param("db", dbs).shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON).result(results.resolve("jmh-" + name + ".json").toString())
                .jvmArgsAppend(jvmArgs(props));
        try {
            return new ArrayList<>(new Runner(options.build()).run());
        }
        catch (org.openjdk.jmh.runner.NoBenchmarksException ex) {
            return List.of();
        }
    }

    private static String[] jvmArgs(Map<String, String> props) {
        List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        props.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return args.toArray(String[]::new);
    }

    private static void mergeJson(Path results) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        try (var files = Files.list(results)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("jmh-")).sorted().toList()) {
                if (Files.size(part) > 0) {
                    all.addAll((ArrayNode) mapper.readTree(part.toFile()));
                }
                Files.delete(part);
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(results.resolve("jmh.json").toFile(), all);
    }

    private static List<Row> rows(List<RunResult> runs, Path latencyDir) throws Exception {
        Map<String, String[]> latency = new LinkedHashMap<>();
        Path tsv = latencyDir.resolve("latency.tsv");
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                latency.put(f[0] + "|" + f[1] + "|" + f[2], f);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (RunResult run : runs) {
            var params = run.getParams();
            String full = params.getBenchmark();
            String[] parts = full.split("\\.");
            String keys = params.getParam("keys");
            String db = params.getParamsKeys().contains("db") ? params.getParam("db") : "-";
            String[] lat = latency.get(full + "|" + Latency.paramString(params) + "|" + params.getThreads());
            Result<?> primary = run.getPrimaryResult();
            Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            rows.add(new Row(parts[parts.length - 2], parts[parts.length - 1], db, keys, params.getThreads(),
                    primary.getScore(), primary.getScoreError(), alloc == null ? Double.NaN : alloc.getScore(),
                    lat == null ? Double.NaN : Double.parseDouble(lat[4]), lat == null ? Double.NaN
                            : Double.parseDouble(lat[5])));
        }
        return rows;
    }
}
