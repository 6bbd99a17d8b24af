package dev.tgfsm.bench;

/**
 * One measured benchmark in the summary: where it ran, its throughput, latency and allocation.
 *
 * @param group the benchmark class's simple name
 * @param method the benchmark method
 * @param db the database, or {@code "-"}
 * @param keys the number of keys
 * @param threads the benchmark threads
 * @param opsPerSecond the throughput
 * @param error the throughput's error, or NaN
 * @param bytesPerOp bytes allocated per operation, or NaN
 * @param p50 latency p50 in microseconds, or NaN
 * @param p99 latency p99 in microseconds, or NaN
 */
record Row(String group, String method, String db, String keys, int threads, double opsPerSecond, double error,
        double bytesPerOp, double p50, double p99) {

    /** Identifies the comparable baseline run: same group, database, keys and threads. */
    String setting() {
        return group + "|" + db + "|" + keys + "|" + threads;
    }
}
