package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.tgfsm.dispatch.DispatchedUpdateAllocation;

/**
 * What one {@link UpdateObservations} observation adds to the bytes a typical dispatched update
 * allocates ({@link DispatchedUpdateAllocation}), on real Micrometer registries: none, a registry
 * without handlers (Micrometer's no-op observation), a registry with one handler that counts the
 * stops (Micrometer's {@code TestObservationRegistry} is left out: it keeps every context and
 * looks each one up again when it stops, quadratic in the ~96,000 updates counted). Nothing is timed;
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
        AtomicLong nested = new AtomicLong();
        ObservationRegistry withHandler = ObservationRegistry.create();
        withHandler.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.incrementAndGet();
                if (context.getParentObservation() != null) {
                    nested.incrementAndGet();
                }
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        long oneHandler = DispatchedUpdateAllocation.bytesPerUpdate(new UpdateObservations(withHandler));
        System.out.printf("bytes allocated per dispatched typical update: unobserved %d, registry without handlers %d,"
                + " one handler %d%n", unobserved, noHandler, oneHandler);

        assertThat(stopped.get()).as("every update of the handler's run was observed")
                .isEqualTo(DispatchedUpdateAllocation.UPDATES);
        assertThat(nested.get()).as("observations of updates run by a caller that joins nest under another one")
                .isZero();
        assertThat(noHandler - unobserved).as("bytes a registry without handlers adds").isLessThanOrEqualTo(300);
        assertThat(oneHandler - unobserved).as("bytes one observation with one handler adds")
                .isLessThanOrEqualTo(4_000);
    }
}
