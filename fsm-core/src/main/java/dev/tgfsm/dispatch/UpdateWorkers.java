package dev.tgfsm.dispatch;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The {@link UpdateDispatcher}'s worker pool and the bounds around it: one thread slot per configured
 * thread, held by whoever runs an update (a worker, or a caller that runs its own update), so that no
 * more than that many updates run at once; the bound on updates in flight, which makes
 * {@link UpdateDispatcher#dispatch} block when it is reached; the count of updates in flight; and the
 * drain at shutdown that waits for them.
 */
final class UpdateWorkers {

    private final DispatcherConfig options;

    private final ThreadPoolExecutor pool;

    /** One per configured thread, held by whoever runs work. */
    private final Semaphore slots;

    /** One per update that may be in flight. */
    private final Semaphore pending;

    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Creates the pool, with non-daemon threads named {@code tgfsm-update-N} that idle out.
     *
     * @param options the number of threads, the bound on updates in flight and the shutdown timeout
     */
    UpdateWorkers(DispatcherConfig options) {
        this.options = options;
        AtomicInteger n = new AtomicInteger();
        this.slots = new Semaphore(options.threads());
        this.pool = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tgfsm-update-" + n.incrementAndGet());
                    t.setDaemon(false);
                    return t;
                }) {

            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                slots.acquireUninterruptibly();
            }

            @Override
            protected void afterExecute(Runnable r, @Nullable Throwable t) {
                slots.release();
            }
        };
        this.pool.allowCoreThreadTimeOut(true);
        this.pending = new Semaphore(options.maxPending());
    }

    /** The pool that runs the updates. */
    ThreadPoolExecutor pool() {
        return pool;
    }

    /** Counts an accepted update or work in flight; blocks while the bound on them is reached. */
    void enter() {
        pending.acquireUninterruptibly();
        inFlight.incrementAndGet();
    }

    /** Counts an update or work done (or not accepted after {@link #enter()}). */
    void leave() {
        inFlight.decrementAndGet();
        pending.release();
    }

    /** How many updates and works are in flight. */
    int inFlight() {
        return inFlight.get();
    }

    /** Takes a thread slot for a caller that runs an update itself, if one is free. */
    boolean tryTakeSlot() {
        return slots.tryAcquire();
    }

    /** Gives back a slot taken by {@link #tryTakeSlot()}. */
    void releaseSlot() {
        slots.release();
    }

    /**
     * Waits up to the shutdown timeout for the updates in flight, then shuts the pool down.
     *
     * @return {@code true} if every update in flight finished in time
     */
    boolean drain() {
        boolean drained;
        try {
            drained = pending.tryAcquire(options.maxPending(), options.shutdownTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (drained) {
                pending.release(options.maxPending());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        pool.shutdown();
        return drained;
    }
}
