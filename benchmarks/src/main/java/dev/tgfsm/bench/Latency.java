package dev.tgfsm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Latency of every measured operation, recorded with HdrHistogram by all benchmark threads. Warm-up
 * iterations are discarded; at the end of the trial p50, p99 and p99.9 (microseconds) are appended as
 * one line to {@code latency.tsv} in {@link BenchConfig#latencyDir()}.
 */
@State(Scope.Benchmark)
public class Latency {

    private final Recorder recorder = new Recorder(3);

    private final Histogram total = new Histogram(3);

    /**
     * Starts timing an operation.
     *
     * @return the start time
     */
    public long start() {
        return System.nanoTime();
    }

    /**
     * Records an operation that started at {@code start}.
     *
     * @param start what {@link #start()} returned
     */
    public void stop(long start) {
        recorder.recordValue(System.nanoTime() - start);
    }

    /**
     * Keeps a measured iteration's latencies, drops a warm-up's.
     *
     * @param iteration the iteration
     */
    @TearDown(Level.Iteration)
    public void iterationDone(IterationParams iteration) {
        Histogram interval = recorder.getIntervalHistogram();
        if (iteration.getType() == IterationType.MEASUREMENT) {
            total.add(interval);
        }
    }

    /**
     * Writes the percentiles of the whole trial.
     *
     * @param params the benchmark
     */
    @TearDown(Level.Trial)
    public void trialDone(BenchmarkParams params) {
        String line = String.join("\t", params.getBenchmark(), paramString(params), String.valueOf(params.getThreads()),
                String.valueOf(total.getTotalCount()), micros(total.getValueAtPercentile(50)),
                micros(total.getValueAtPercentile(99)), micros(total.getValueAtPercentile(99.9))) + "\n";
        try {
            Path dir = Path.of(BenchConfig.latencyDir());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("latency.tsv"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The parameters of a run as {@code name=value} pairs, sorted, comma-separated.
     *
     * @param params the run
     * @return the text
     */
    public static String paramString(BenchmarkParams params) {
        return params.getParamsKeys().stream().sorted().map(k -> k + "=" + params.getParam(k))
                .collect(Collectors.joining(","));
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }
}
