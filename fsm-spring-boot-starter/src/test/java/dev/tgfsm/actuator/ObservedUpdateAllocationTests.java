package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.tgfsm.dispatch.DispatchedUpdateAllocation;

/**
 * What one {@link UpdateObservations} observation adds to the bytes a typical dispatched update
 * allocates ({@link DispatchedUpdateAllocation}), on real Micrometer registries: none, a registry
 * without handlers (Micrometer's no-op observation), a registry with one handler that counts the
 * stops, and a {@link TestObservationRegistry} (which also keeps every context). Nothing is timed;
 * the bounds are loose, the numbers are in {@code benchmarks/results/analysis.md}.
 */
class ObservedUpdateAllocationTests {

    @Test
    void anObservedUpdateCostsLittleAndANoHandlerRegistryAlmostNothing() {
        assumeTrue(DispatchedUpdateAllocation.supported(), "this JVM does not count allocated bytes per thread");
        long unobserved = DispatchedUpdateAllocation.bytesPerUpdate(null);
        long noHandler = DispatchedUpdateAllocation
                .bytesPerUpdate(new UpdateObservations(ObservationRegistry.create()));
        AtomicLong stopped = new AtomicLong();
        ObservationRegistry withHandler = ObservationRegistry.create();
        withHandler.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.incrementAndGet();
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        long oneHandler = DispatchedUpdateAllocation.bytesPerUpdate(new UpdateObservations(withHandler));
        long testRegistry = DispatchedUpdateAllocation.bytesPerUpdate(
                new UpdateObservations(TestObservationRegistry.create()));
        System.out.printf("bytes allocated per dispatched typical update: unobserved %d, registry without handlers %d,"
                + " one handler %d, TestObservationRegistry %d%n", unobserved, noHandler, oneHandler, testRegistry);

        assertThat(stopped.get()).as("every update of the handler's run was observed")
                .isEqualTo(DispatchedUpdateAllocation.UPDATES);
        assertThat(noHandler - unobserved).as("bytes a registry without handlers adds").isLessThanOrEqualTo(300);
        assertThat(oneHandler - unobserved).as("bytes one observation with one handler adds")
                .isLessThanOrEqualTo(4_000);
    }
}
