package dev.tgfsm.outbound;

import java.util.Objects;
import java.util.function.Supplier;

import dev.tgfsm.Internal;

/**
 * Who waits for a permit: an {@link #INTERACTIVE} reply to the update being handled (the default), or
 * a {@link #BACKGROUND} job (timeouts, restart notices, redeliveries). Background calls only take a
 * permit when the bucket is not booked ahead at all (a burst of 1), interactive ones may book up to
 * the configured burst; so while a broadcast keeps a bucket busy, a reply still finds a permit at once
 * and the broadcast yields it the next one. The priority is per thread: background jobs run inside
 * {@link #background(Supplier)}.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public enum OutboundPriority {

    /** A reply to the update being handled. */
    INTERACTIVE,

    /** A job without a user waiting: paced at the sustained rate, yielding to replies. */
    BACKGROUND;

    private static final ThreadLocal<OutboundPriority> CURRENT = new ThreadLocal<>();

    /**
     * Returns the priority of the calling thread.
     *
     * @return {@link #BACKGROUND} inside {@link #background(Supplier)}, else {@link #INTERACTIVE}
     */
    public static OutboundPriority current() {
        OutboundPriority priority = CURRENT.get();
        return priority != null ? priority : INTERACTIVE;
    }

    /**
     * Runs a job whose Bot API calls have background priority.
     *
     * @param job the job
     * @param <T> its result type
     * @return its result
     */
    public static <T> T background(Supplier<T> job) {
        Objects.requireNonNull(job, "job must not be null");
        OutboundPriority before = CURRENT.get();
        CURRENT.set(BACKGROUND);
        try {
            return job.get();
        }
        finally {
            if (before == null) {
                CURRENT.remove();
            }
            else {
                CURRENT.set(before);
            }
        }
    }

    /**
     * Runs a job whose Bot API calls have background priority.
     *
     * @param job the job
     */
    public static void background(Runnable job) {
        Objects.requireNonNull(job, "job must not be null");
        background(() -> {
            job.run();
            return null;
        });
    }
}
