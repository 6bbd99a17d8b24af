package dev.tgfsm.telegram;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.RealConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;

/**
 * An OkHttp {@link ConnectionPool} whose clean-up of idle connections runs on a timer, at most once
 * per period, instead of right after every call.
 *
 * <p>OkHttp's pool schedules its clean-up task to run at once each time a connection goes back to the
 * pool (after every Bot API call), and wakes its {@code OkHttp TaskRunner} thread for it: in the
 * end-to-end benchmark that thread took 8-11 % of the bot's CPU, 0.03-0.04 ms per update, to find
 * each time that no connection had been idle for its keep-alive of 5 minutes. The clean-up decides
 * nothing a call waits for (a connection that may not be reused is closed by the call itself), so
 * here its thread is never woken: it runs the clean-up when its wait for the next due clean-up ends,
 * a wait of at most the period. An idle connection is then closed at most one period later than its
 * keep-alive, and the pool holds more than its 5 idle connections at most that long.
 *
 * <p>This uses OkHttp 4's internal task runner ({@code okhttp3.internal.concurrent}), the OkHttp of
 * TelegramBots 9. If another OkHttp is on the class path and those types differ,
 * {@link #create()} logs that and answers OkHttp's own pool.
 *
 * <p>Internal: used by tgfsm's auto-configuration, not meant for applications. Thread-safe.
 */
@Internal
public final class TimedCleanupPool {

    /** The default period: an idle connection lives at most this long past its keep-alive. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    /** OkHttp's defaults: idle connections kept, and how long. */
    private static final int MAX_IDLE = 5;

    private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(TimedCleanupPool.class);

    private TimedCleanupPool() {
    }

    /**
     * Creates a pool with OkHttp's defaults (5 idle connections, kept 5 minutes), cleaned up at most
     * once per {@link #DEFAULT_PERIOD}. All such pools share one clean-up thread, as OkHttp's own pools
     * share theirs.
     *
     * @return the pool, or OkHttp's own if its internals are not those of OkHttp 4
     */
    public static ConnectionPool create() {
        try {
            return Quiet.pool(Quiet.Shared.RUNNER, MAX_IDLE, KEEP_ALIVE);
        }
        catch (LinkageError ex) {
            return fallback(ex, MAX_IDLE, KEEP_ALIVE);
        }
    }

    /**
     * Creates a pool with a clean-up thread of its own, counting its wake-ups in {@code wakes}.
     *
     * @param period the longest wait of the clean-up thread
     * @param maxIdle the idle connections kept
     * @param keepAlive how long an idle connection is kept
     * @param wakes counts the clean-up thread's wake-ups
     * @return the pool, or OkHttp's own if its internals are not those of OkHttp 4
     */
    static ConnectionPool create(Duration period, int maxIdle, Duration keepAlive, Wakes wakes) {
        Objects.requireNonNull(period, "period must not be null");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        try {
            return Quiet.pool(Quiet.runner(period, wakes), maxIdle, keepAlive);
        }
        catch (LinkageError ex) {
            return fallback(ex, maxIdle, keepAlive);
        }
    }

    private static ConnectionPool fallback(LinkageError ex, int maxIdle, Duration keepAlive) {
        log.info("OkHttp's internals are not those of OkHttp 4 ({}); using its own connection pool, which"
                + " wakes its clean-up thread after every call", ex.toString());
        return new ConnectionPool(maxIdle, keepAlive.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Counts the clean-up thread's wake-ups (for tests). */
    static final class Wakes {

        private final AtomicLong count = new AtomicLong();

        long count() {
            return count.get();
        }
    }

    /** The OkHttp 4 parts: loaded only by {@link #create}, so a different OkHttp fails there. */
    private static final class Quiet {

        /** Numbers the clean-up threads of pools with one of their own. */
        private static final AtomicInteger RUNNERS = new AtomicInteger();

        static TaskRunner runner(Duration period, Wakes wakes) {
            return new TaskRunner(new Backend("tgfsm-okhttp-cleanup-" + RUNNERS.incrementAndGet(), period.toNanos(),
                    wakes));
        }

        static ConnectionPool pool(TaskRunner runner, int maxIdle, Duration keepAlive) {
            return new ConnectionPool(new RealConnectionPool(runner, maxIdle, keepAlive.toNanos(),
                    TimeUnit.NANOSECONDS));
        }

        /** Holds the clean-up thread of the pools of {@link #create()}, made when first needed. */
        static final class Shared {

            static final TaskRunner RUNNER = new TaskRunner(new Backend("tgfsm-okhttp-cleanup",
                    DEFAULT_PERIOD.toNanos(), new Wakes()));
        }
    }

    /**
     * OkHttp's real back-end (its own daemon thread pool, its wait on the runner's monitor), except
     * that the waiting thread is not notified of a task due sooner, and waits at most the period.
     */
    private static final class Backend implements TaskRunner.Backend {

        private final TaskRunner.RealBackend real;

        private final long periodNanos;

        private final Wakes wakes;

        Backend(String name, long periodNanos, Wakes wakes) {
            this.real = new TaskRunner.RealBackend(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            this.periodNanos = periodNanos;
            this.wakes = wakes;
        }

        @Override
        public void beforeTask(TaskRunner taskRunner) {
            real.beforeTask(taskRunner);
        }

        @Override
        public long nanoTime() {
            return real.nanoTime();
        }

        @Override
        public void coordinatorNotify(TaskRunner taskRunner) {
            // not woken: its wait ends within the period anyway
        }

        @Override
        public void coordinatorWait(TaskRunner taskRunner, long nanos) {
            try {
                real.coordinatorWait(taskRunner, Math.min(nanos, periodNanos));
            }
            catch (InterruptedException ex) {
                // the runner catches it (it cancels its tasks), though Kotlin's interface declares none
                throw Backend.<RuntimeException>rethrow(ex);
            }
            finally {
                wakes.count.incrementAndGet();
            }
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E rethrow(Throwable ex) throws E {
            throw (E) ex;
        }

        @Override
        public void execute(Runnable runnable) {
            real.execute(runnable);
        }
    }
}
