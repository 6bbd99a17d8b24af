package dev.tgfsm.outbound;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the {@link OutboundLimiter}'s gates know of the calling thread, so that a call is charged once:
 * whether a gate executes a call on it now (every gate the call passes again lets it through), and the
 * permits {@link OutboundLimiter#acquire} took ahead for the next call a gate executes on it.
 */
final class ThreadCharges {

    /** Set while a gate executes a call on this thread: gates the call passes again let it through. */
    private static final ThreadLocal<Boolean> EXECUTING = new ThreadLocal<>();

    /**
     * The permits {@link OutboundLimiter#acquire} took on this thread for a call about to be executed:
     * the next call a gate executes on this thread uses them if it takes the same buckets of the same
     * bot, instead of taking them a second time; any other call drops them.
     */
    private static final ThreadLocal<Prepaid> PREPAID = new ThreadLocal<>();

    /** Permits taken ahead for one call: the bot and the buckets. */
    private record Prepaid(OutboundLimiter limiter, long bot, List<Bucket> buckets) {
    }

    private ThreadCharges() {
    }

    /** Whether a gate executes a call on this thread now. */
    static boolean executing() {
        return EXECUTING.get() != null;
    }

    /** A gate begins to execute a call on this thread. */
    static void beginExecuting() {
        EXECUTING.set(Boolean.TRUE);
    }

    /** The gate's call on this thread is over. */
    static void endExecuting() {
        EXECUTING.remove();
    }

    /** Forgets the permits taken ahead on this thread, if any. */
    static void dropPrepaid() {
        PREPAID.remove();
    }

    /** Notes permits taken ahead on this thread for the next call a gate of {@code limiter} executes. */
    static void prepaid(OutboundLimiter limiter, long bot, List<Bucket> buckets) {
        PREPAID.set(new Prepaid(limiter, bot, buckets));
    }

    /**
     * Tells whether permits were taken ahead on this thread for this call, and uses them up: permits
     * taken ahead serve the next call executed on the thread only, and only if it takes the same
     * buckets of the same bot.
     *
     * @param buckets the buckets the call takes, asked only when the limiter and bot match
     */
    static boolean takePrepaid(OutboundLimiter limiter, long bot, Supplier<List<Bucket>> buckets) {
        Prepaid prepaid = PREPAID.get();
        if (prepaid == null) {
            return false;
        }
        PREPAID.remove();
        if (prepaid.limiter() != limiter || prepaid.bot() != bot) {
            return false;
        }
        return prepaid.buckets().equals(buckets.get());
    }
}
