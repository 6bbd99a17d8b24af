package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs a sweep at a fixed delay, started and stopped idempotently.
 */
final class Sweeper {

    private static final Logger logger = LoggerFactory.getLogger(Sweeper.class);

    private final Runnable sweep;

    private final Duration interval;

    private ScheduledExecutorService executor;

    Sweeper(Runnable sweep, Duration interval) {
        this.sweep = sweep;
        this.interval = interval;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tgfsm-memory-sweeper");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
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
            logger.warn("Memory storage sweep failed; will retry", ex);
        }
    }
}
