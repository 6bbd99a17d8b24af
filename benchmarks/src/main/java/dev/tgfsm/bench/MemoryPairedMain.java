package dev.tgfsm.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

import com.sun.management.ThreadMXBean;

import dev.tgfsm.bench.PairedComparison.Side;

/**
 * Only the memory row of the interleaved comparison, quick to rerun while working on the in-memory
 * backend: the typical update against the raw {@code ConcurrentHashMap} get and compute on 10,000
 * keys, call by call as in the full run, then the bytes each side allocates per call (counted by the
 * JVM per thread, like JMH's {@code gc.alloc.rate.norm}). Needs no Redis or database:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.tgfsm.bench.MemoryPairedMain [seconds]}.
 */
public final class MemoryPairedMain {

    private MemoryPairedMain() {
    }

    /**
     * Runs the comparison and prints it.
     *
     * @param args optional: measured seconds (default 10)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        MemoryBenchmarks memory = new MemoryBenchmarks();
        memory.keys = BenchConfig.MANY_KEYS;
        memory.open(false);
        try {
            PairedComparison paired = new PairedComparison(3000, seconds * 1000);
            paired.compare("memory typical update", 0.5, Double.NaN, new Side("typicalUpdate", memory::typicalUpdate),
                    new Side("rawMapGetCompute", memory::rawMapGetCompute));
            for (Map<String, Object> row : paired.results()) {
                System.out.println(row);
            }
            System.out.printf(Locale.ROOT, "allocated per call: typicalUpdate %d B, rawMapGetCompute %d B%n",
                    allocated(memory::typicalUpdate), allocated(memory::rawMapGetCompute));
        }
        finally {
            memory.tearDown();
        }
    }

    private static long allocated(PairedComparison.Op op) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            op.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / n;
    }
}
