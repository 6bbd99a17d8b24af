package dev.tgfsm.storage;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The result of a storage health check.
 *
 * @param up whether the storage answered
 * @param backend a short name of the backend, for example {@code redis}
 * @param latency how long the check took
 * @param detail a human-readable detail (the error when down), or {@code null}
 */
public record StorageHealth(boolean up, String backend, Duration latency, @Nullable String detail) {

    /**
     * A healthy result.
     *
     * @param backend the backend name
     * @param latency the measured latency
     * @return the result
     */
    public static StorageHealth up(String backend, Duration latency) {
        return new StorageHealth(true, backend, latency, null);
    }

    /**
     * An unhealthy result.
     *
     * @param backend the backend name
     * @param latency how long it took to fail
     * @param error what went wrong
     * @return the result
     */
    public static StorageHealth down(String backend, Duration latency, Throwable error) {
        return new StorageHealth(false, backend, latency, String.valueOf(error));
    }
}
