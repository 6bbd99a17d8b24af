package dev.tgfsm.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs a backend's sweep of expired entries at a fixed delay. Starting and
 * stopping are idempotent; a sweep that throws is logged and tried again at the next interval.
 */
public final class BackgroundSweeper {

    private static final Logger logger = LoggerFactory.getLogger(BackgroundSweeper.class);

    private final String threadName;

    private final Runnable sweep;

    private final Duration interval;

    private ScheduledExecutorService executor;

    /**
     * Creates a sweeper; nothing runs until {@link #start()}.
     *
     * @param threadName the name of its thread, for thread dumps and logs
     * @param sweep the sweep
     * @param interval the delay between the end of one sweep and the start of the next
     */
    public BackgroundSweeper(String threadName, Runnable sweep, Duration interval) {
        this.threadName = Objects.requireNonNull(threadName, "threadName must not be null");
        this.sweep = Objects.requireNonNull(sweep, "sweep must not be null");
        this.interval = Objects.requireNonNull(interval, "interval must not be null");
        if (interval.toMillis() <= 0) {
            throw new IllegalArgumentException("sweep interval must be at least 1 ms, was " + interval);
        }
    }

    /**
     * Starts sweeping every interval. Does nothing if already started.
     */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops sweeping. Does nothing if not started.
     */
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void sweepQuietly() {
        try {
            sweep.run();
        }
        catch (RuntimeException ex) {
            logger.warn("Sweep on {} failed; will retry: {}", threadName, ex.toString());
        }
    }
}
