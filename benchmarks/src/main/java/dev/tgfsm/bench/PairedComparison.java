package dev.tgfsm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Compares a library operation with its baselines by interleaving them: one call of each, round
 * after round, every call timed into its own HdrHistogram. Load from other processes on a shared
 * machine then falls on both sides alike, so the ratios hold even when absolute figures swing by
 * ±30 % between JMH runs. One thread, in the runner's JVM, after a warm-up.
 */
final class PairedComparison {

    /** One operation to time. */
    interface Op {
        Object run() throws Exception;
    }

    /** A named operation. */
    record Side(String name, Op op) {
    }

    private final List<Map<String, Object>> results = new ArrayList<>();

    private final long warmupMillis;

    private final long measureMillis;

    PairedComparison(long warmupMillis, long measureMillis) {
        this.warmupMillis = warmupMillis;
        this.measureMillis = measureMillis;
    }

    List<Map<String, Object>> results() {
        return results;
    }

    /**
     * Interleaves the library operation with each baseline and records the ratios.
     *
     * @param label what is compared
     * @param minRatio target: least throughput ratio, or NaN
     * @param maxP99 target: greatest p99 ratio, or NaN
     * @param library the library's operation
     * @param baselines the baselines
     */
    void compare(String label, double minRatio, double maxP99, Side library, Side... baselines) throws Exception {
        Side[] sides = new Side[baselines.length + 1];
        sides[0] = library;
        System.arraycopy(baselines, 0, sides, 1, baselines.length);
        Histogram[] histograms = new Histogram[sides.length];
        for (int i = 0; i < sides.length; i++) {
            histograms[i] = new Histogram(3);
        }
        rounds(sides, null, warmupMillis);
        rounds(sides, histograms, measureMillis);
        Histogram lib = histograms[0];
        for (int i = 1; i < sides.length; i++) {
            Histogram base = histograms[i];
            double ratio = base.getMean() / lib.getMean();
            double p99 = (double) lib.getValueAtPercentile(99) / base.getValueAtPercentile(99);
            boolean met = (Double.isNaN(minRatio) || ratio >= minRatio) && (Double.isNaN(maxP99) || p99 <= maxP99);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("comparison", label);
            row.put("library", library.name());
            row.put("baseline", sides[i].name());
            row.put("rounds", lib.getTotalCount());
            row.put("libraryMeanMicros", round(lib.getMean() / 1000));
            row.put("baselineMeanMicros", round(base.getMean() / 1000));
            row.put("libraryP50Micros", round(lib.getValueAtPercentile(50) / 1000.0));
            row.put("baselineP50Micros", round(base.getValueAtPercentile(50) / 1000.0));
            row.put("libraryP99Micros", round(lib.getValueAtPercentile(99) / 1000.0));
            row.put("baselineP99Micros", round(base.getValueAtPercentile(99) / 1000.0));
            row.put("throughputRatio", round(ratio));
            row.put("p99Ratio", round(p99));
            row.put("target", target(minRatio, maxP99));
            row.put("met", Double.isNaN(minRatio) && Double.isNaN(maxP99) ? "-" : met ? "yes" : "no");
            results.add(row);
        }
    }

    private static void rounds(Side[] sides, Histogram[] histograms, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            for (int i = 0; i < sides.length; i++) {
                long start = System.nanoTime();
                sides[i].op().run();
                if (histograms != null) {
                    histograms[i].recordValue(System.nanoTime() - start);
                }
            }
        }
    }

    private static String target(double minRatio, double maxP99) {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(minRatio)) {
            parts.add("throughput ≥ " + minRatio);
        }
        if (!Double.isNaN(maxP99)) {
            parts.add("p99 ≤ " + maxP99 + "×");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", v));
    }
}
