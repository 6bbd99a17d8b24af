package dev.tgfsm.dispatch;

import java.time.Duration;

/**
 * How an {@link UpdateDispatcher} runs.
 *
 * @param threads worker threads; different conversations run in parallel up to this number
 * @param maxPending updates accepted but not yet finished before {@code dispatch} blocks the caller
 *        (back-pressure on the polling loop)
 * @param recentUpdates update ids remembered in memory to skip duplicate deliveries
 * @param persistedUpdates update ids kept in each conversation's record, so that a redelivery to
 *        another instance or after a restart is skipped too; 0 turns this off
 * @param shutdownTimeout how long closing waits for updates in flight
 */
public record DispatcherConfig(int threads, int maxPending, int recentUpdates, int persistedUpdates,
        Duration shutdownTimeout) {

    /**
     * Validates the options.
     *
     * @param threads the worker threads, at least 1
     * @param maxPending the updates in flight before {@code dispatch} blocks, at least 1
     * @param recentUpdates the update ids remembered in memory, zero or more
     * @param persistedUpdates the update ids kept per conversation record, zero (off) or more
     * @param shutdownTimeout how long closing waits for updates in flight, zero or positive, not {@code null}
     */
    public DispatcherConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        if (recentUpdates < 0 || persistedUpdates < 0) {
            throw new IllegalArgumentException("recentUpdates and persistedUpdates must not be negative");
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must be zero or positive");
        }
    }

    /**
     * The defaults: 8 threads, 1,000 pending updates, 4,096 remembered ids, 16 persisted ids, 30 s to
     * drain on shutdown.
     *
     * @return the defaults
     */
    public static DispatcherConfig ofDefaults() {
        return new DispatcherConfig(8, 1000, 4096, 16, Duration.ofSeconds(30));
    }

    /**
     * A copy with another number of threads.
     *
     * @param n the threads
     * @return the copy
     */
    public DispatcherConfig withThreads(int n) {
        return new DispatcherConfig(n, maxPending, recentUpdates, persistedUpdates, shutdownTimeout);
    }

    /**
     * A copy with another number of persisted update ids.
     *
     * @param n the number, 0 to turn persisted de-duplication off
     * @return the copy
     */
    public DispatcherConfig withPersistedUpdates(int n) {
        return new DispatcherConfig(threads, maxPending, recentUpdates, n, shutdownTimeout);
    }

    /**
     * A copy with another shutdown timeout.
     *
     * @param timeout the timeout
     * @return the copy
     */
    public DispatcherConfig withShutdownTimeout(Duration timeout) {
        return new DispatcherConfig(threads, maxPending, recentUpdates, persistedUpdates, timeout);
    }
}
