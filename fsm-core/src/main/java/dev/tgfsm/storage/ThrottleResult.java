package dev.tgfsm.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What one {@link ThrottleStorage#throttle} call decided: whether the request was admitted, and the
 * bucket's theoretical arrival time (TAT) after the call.
 *
 * @param admitted {@code true} if the request fitted and the TAT was advanced
 * @param theoreticalArrival the TAT as stored after the call (unchanged when not admitted, and never
 *        earlier than the {@code now} passed in)
 */
public record ThrottleResult(boolean admitted, Instant theoreticalArrival) {

    /**
     * Validates the result.
     *
     * @param admitted {@code true} if the request fitted and the TAT was advanced
     * @param theoreticalArrival the TAT as stored after the call, not {@code null}
     */
    public ThrottleResult {
        Objects.requireNonNull(theoreticalArrival, "theoreticalArrival must not be null");
    }
}
