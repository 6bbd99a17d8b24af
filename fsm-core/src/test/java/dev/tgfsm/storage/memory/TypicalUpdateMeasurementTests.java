package dev.tgfsm.storage.memory;

import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On-demand measurement, never an assertion: the typical update on {@link InMemoryFsmStorage}
 * against a raw {@code ConcurrentHashMap} get and compute, interleaved call by call (so load from
 * other processes falls on both sides alike), and the bytes each side allocates per update. Runs only
 * with {@code -Dtgfsm.measure=true}, for example
 * {@code ./mvnw -o -q -pl fsm-core test -Dtest=TypicalUpdateMeasurementTests -Dtgfsm.measure=true}.
 */
@EnabledIfSystemProperty(named = "tgfsm.measure", matches = "true")
class TypicalUpdateMeasurementTests {

    private static final int CONVERSATIONS = 10_000;

    @Test
    void typicalUpdateAgainstRawMap() {
        measure(3, false);
        measure(10, false);
        measure(3, true);
    }

    private static void measure(int entries, boolean outbox) {
        TypicalUpdateWorkload w = new TypicalUpdateWorkload(CONVERSATIONS, entries, outbox);
        rounds(w, 2_000_000, null, null);
        int n = 2_000_000;
        long[] lib = new long[n];
        long[] raw = new long[n];
        rounds(w, n, lib, raw);
        long libBytes = allocated(w::library, 200_000);
        long rawBytes = allocated(w::raw, 200_000);
        double libMean = Arrays.stream(lib).average().orElse(0);
        double rawMean = Arrays.stream(raw).average().orElse(0);
        Arrays.sort(lib);
        Arrays.sort(raw);
        System.out.printf(Locale.ROOT,
                "typical update%s, %d entries, %d conversations, %d interleaved rounds: library mean %.0f ns (p50 %d),"
                        + " raw mean %.0f ns (p50 %d), ratio %.3f (p50 ratio %.3f); allocated %d B/op vs raw %d B/op%n",
                outbox ? " with an outbox" : "", entries, CONVERSATIONS, n, libMean, lib[n / 2], rawMean, raw[n / 2],
                rawMean / libMean,
                (double) raw[n / 2] / lib[n / 2], libBytes, rawBytes);
    }

    private static void rounds(TypicalUpdateWorkload w, int n, long[] lib, long[] raw) {
        Object sink = null;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            sink = w.library();
            long t1 = System.nanoTime();
            sink = w.raw();
            long t2 = System.nanoTime();
            if (lib != null) {
                lib[i] = t1 - t0;
                raw[i] = t2 - t1;
            }
        }
        if (sink == Boolean.FALSE) {
            System.out.println(sink);
        }
    }

    private static long allocated(Runnable op, int n) {
        long before = TypicalUpdateWorkload.allocatedBytes();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (TypicalUpdateWorkload.allocatedBytes() - before) / n;
    }
}
