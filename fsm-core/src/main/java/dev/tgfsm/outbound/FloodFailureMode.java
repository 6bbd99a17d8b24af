package dev.tgfsm.outbound;

import dev.tgfsm.storage.StorageUnavailableException;

/**
 * What a permit request does when the shared {@link PermitStore} cannot be reached.
 */
public enum FloodFailureMode {

    /**
     * Keep the limits in this process's memory until the store answers again: calls go on, each
     * instance limits itself alone (so N instances may together reach N times the global limit for
     * the outage).
     */
    LOCAL,

    /**
     * Fail the call with the store's {@link StorageUnavailableException}: outbox calls
     * stay pending and are redelivered when the store is back; direct calls (outage notices) fail.
     */
    HOLD
}
