package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Counts the bytes a typical update allocates through the {@link UpdateDispatcher} on the memory
 * backend ({@link DispatchedUpdateAllocation} says what is counted: every thread, the median of 9
 * batches after a warm-up); nothing here is timed.
 *
 * <p>Measured about 1.0-1.1 KB per update (2.2-2.4 KB before the dispatcher, the unit of work and
 * the record maps stopped copying and wrapping per update; 5.9 KB before the metadata stopped going
 * through Jackson's token buffer). Of that, about 90 B are this harness's own (the handler's patch
 * map, the submitting thread parking in {@code join()}) and about 50 B the worker pool parking its
 * idle thread. The ceiling is 30 % above the measured median, with room for the few dozen bytes a
 * JVM's compiler sometimes fails to eliminate: a regression of a copy or a wrapper per update fails
 * it. What an observed update adds is counted in the starter ({@code ObservedUpdateAllocationTests}).
 */
class DispatchedUpdateAllocationTests {

    /** Bytes per dispatched typical update that fail the test. */
    static final long CEILING = 1_300;

    @Test
    void aTypicalDispatchedUpdateAllocatesAboutOneKilobyte() {
        assumeTrue(DispatchedUpdateAllocation.supported(), "this JVM does not count allocated bytes per thread");
        long[] batches = DispatchedUpdateAllocation.bytesPerUpdateByBatch(null);
        long perUpdate = batches[batches.length / 2];
        System.out.println("bytes allocated per dispatched typical update: " + perUpdate + " (batches "
                + Arrays.toString(batches) + ")");

        assertThat(perUpdate)
                .as("bytes allocated per dispatched typical update, median of %s", Arrays.toString(batches))
                .isLessThanOrEqualTo(CEILING);
    }
}
