package dev.tgfsm.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;

/**
 * A daemon thread that runs a background job at a fixed delay: a backend's sweep of expired
 * entries, the outbox flush, the idle-timeout poll. Starting and stopping are idempotent; a run
 * that throws is logged and tried again at the next interval; stopping waits up to 5 s for a run in
 * progress. It runs on a daemon thread of its own, or, after {@link #runOn}, on a shared executor
 * (the starter passes one built with Spring Boot's scheduler builder).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class BackgroundSweeper {

    private static final Logger logger = LoggerFactory.getLogger(BackgroundSweeper.class);

    private final String threadName;

    private final Runnable sweep;

    private final Duration interval;

    private @Nullable ScheduledExecutorService executor;

    /** The executor given to {@link #runOn}, not shut down here; {@code null} for a thread of its own. */
    private @Nullable ScheduledExecutorService shared;

    /** The sweep scheduled on {@link #shared}, between start and stop. */
    private @Nullable ScheduledFuture<?> scheduled;

    /** Held by a run in progress, so that stopping can wait for it on a shared executor. */
    private final ReentrantLock running = new ReentrantLock();

    /**
     * Counts starts and stops; a run compares it with the value it was scheduled under, so that a
     * run the executor had already picked up when {@link #stop()} was called does not sweep after it.
     */
    private volatile long generation;

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
     * Runs the sweeps on the given executor instead of a thread of its own, from the next
     * {@link #start()} on. The executor stays the caller's: {@link #stop()} cancels the sweep and
     * does not shut it down.
     *
     * @param executor runs the sweeps
     */
    public synchronized void runOn(ScheduledExecutorService executor) {
        this.shared = Objects.requireNonNull(executor, "executor must not be null");
    }

    /**
     * Starts sweeping every interval. Does nothing if already started.
     */
    public synchronized void start() {
        if (executor != null || scheduled != null) {
            return;
        }
        long millis = interval.toMillis();
        long current = ++generation;
        Runnable run = () -> sweepQuietly(current);
        if (shared != null) {
            scheduled = shared.scheduleWithFixedDelay(run, millis, millis, TimeUnit.MILLISECONDS);
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(run, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops, waiting up to 5 s for a run in progress. No run begins after it returns, not even one
     * the executor had already picked up and that had not yet started to sweep (a test that stops
     * the sweeper and then moves the clock relies on it). Does nothing if not started.
     */
    public synchronized void stop() {
        generation++;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
            awaitRunInProgress();
            return;
        }
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        executor = null;
    }

    /**
     * Tells whether it runs.
     *
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    public synchronized boolean isRunning() {
        return executor != null || scheduled != null;
    }

    private void awaitRunInProgress() {
        try {
            if (running.tryLock(5, TimeUnit.SECONDS)) {
                running.unlock();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void sweepQuietly(long scheduledUnder) {
        running.lock();
        try {
            if (scheduledUnder != generation) {
                return;
            }
            sweep.run();
        }
        catch (RuntimeException ex) {
            logger.warn("Background job {} failed; will retry: {}", threadName, ex.toString());
        }
        finally {
            running.unlock();
        }
    }
}
