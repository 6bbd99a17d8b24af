package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.tgfsm.key.StorageKey;

/**
 * One {@link ThrottleStorage#throttle} step asked for together with a conversation's lock (see
 * {@link ThrottleStorage#lockAndLoad(StorageKey, Lease, java.util.Collection, ThrottleRequest)}): the
 * bucket and the arguments of the generic cell rate algorithm.
 *
 * @param bucket the bucket
 * @param now the caller's current time
 * @param increment the cost of this request (the emission interval)
 * @param capacity how far ahead of {@code now} the bucket's theoretical arrival time may run
 */
public record ThrottleRequest(StorageKey bucket, Instant now, Duration increment, Duration capacity) {

    /**
     * Validates the request.
     *
     * @param bucket the bucket, not null
     * @param now the caller's current time, not null
     * @param increment the cost of this request, at least one microsecond
     * @param capacity how far ahead the bucket may run, at least one microsecond
     */
    public ThrottleRequest {
        Objects.requireNonNull(bucket, "bucket must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Throttling.positiveMicros(increment, "increment");
        Throttling.positiveMicros(capacity, "capacity");
    }
}
