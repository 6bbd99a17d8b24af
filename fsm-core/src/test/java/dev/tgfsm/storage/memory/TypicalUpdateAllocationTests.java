package dev.tgfsm.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counts the bytes one typical update allocates on {@link InMemoryFsmStorage} (begin, read the data,
 * merge one entry, set the state, commit): issue 14 allows at most 1 KB; the bound here leaves room
 * for a JVM that eliminates fewer short-lived objects. Allocation counts, unlike timings, barely
 * move between runs. The timed comparison is {@link TypicalUpdateMeasurementTests}, on demand.
 */
class TypicalUpdateAllocationTests {

    private static final int WARM_UP = 150_000;

    private static final int MEASURED = 100_000;

    @ParameterizedTest(name = "{0} data entries, outbox {1}")
    @CsvSource({"3, false, 1500", "3, true, 1500", "10, false, 1900"})
    void aTypicalUpdateAllocatesLittleMoreThanTheRecordItChanges(int entries, boolean outbox, long boundBytes) {
        assumeTrue(((ThreadMXBean) ManagementFactory.getThreadMXBean()).isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        TypicalUpdateWorkload workload = new TypicalUpdateWorkload(1_000, entries, outbox);
        for (int i = 0; i < WARM_UP; i++) {
            workload.library();
        }
        long before = TypicalUpdateWorkload.allocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            workload.library();
        }
        long perUpdate = (TypicalUpdateWorkload.allocatedBytes() - before) / MEASURED;

        assertThat(perUpdate).as("bytes allocated per typical update").isLessThanOrEqualTo(boundBytes);
    }
}
