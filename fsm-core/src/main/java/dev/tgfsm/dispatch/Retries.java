package dev.tgfsm.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.StorageBusyException;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * The {@link UpdateDispatcher}'s retries of updates that failed for a reason that passes by itself:
 * which failures those are, the back-off between attempts (from 10 ms doubling to
 * {@value UpdateDispatcher#MAX_RETRY_MILLIS} ms), the pauses that end when the dispatcher shuts down,
 * and the storage outage they reveal: when it begins and ends, and which conversations the listener
 * hears of (once per conversation per outage, for those whose update found the storage down and for
 * those whose update waits in the queue meanwhile). Thread-safe.
 */
final class Retries {

    /** The pause after the first failed attempt. */
    static final Duration FIRST = Duration.ofMillis(10);

    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);

    private final StorageOutage outage = new StorageOutage();

    private final CountDownLatch stopping = new CountDownLatch(1);

    private final DispatchListener listener;

    private final Consumer<BiConsumer<Update, StorageKey>> waiting;

    private final Runnable unavailable;

    /**
     * @param listener hears of outages and conflicts
     * @param waiting visits the updates accepted with a key and not yet started (told when an outage
     *        begins)
     * @param unavailable runs after each attempt that found the storage unavailable
     */
    Retries(DispatchListener listener, Consumer<BiConsumer<Update, StorageKey>> waiting, Runnable unavailable) {
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.waiting = Objects.requireNonNull(waiting, "waiting must not be null");
        this.unavailable = Objects.requireNonNull(unavailable, "unavailable must not be null");
    }

    /** Returns the failure, or its cause, that passes by itself and is worth a retry; else {@code null}. */
    static @Nullable RuntimeException retryableCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageUnavailableException || t instanceof LockTimeoutException
                    || t instanceof FsmConflictException || t instanceof StorageBusyException) {
                return (RuntimeException) t;
            }
        }
        return null;
    }

    /** The pause after {@code backOff}: twice as long, at most {@link UpdateDispatcher#MAX_RETRY}. */
    static Duration next(Duration backOff) {
        Duration doubled = backOff.multipliedBy(2);
        return doubled.compareTo(UpdateDispatcher.MAX_RETRY) < 0 ? doubled : UpdateDispatcher.MAX_RETRY;
    }

    /** Records an attempt that failed with a retryable cause and will be run again after {@code backOff}. */
    void failed(Update update, StorageKey key, RuntimeException cause, int attempt, long began,
            Duration backOff) {
        if (cause instanceof StorageUnavailableException) {
            boolean wasDown = outage.isDown();
            boolean firstForKey = outage.failed(key, began);
            if (firstForKey) {
                listener.storageUnavailable(update, key);
            }
            if (!wasDown && outage.isDown()) {
                log.warn("The storage is unavailable ({}); updates wait and are retried until it answers",
                        cause.getMessage());
                // the updates accepted with a key and not yet started
                waiting.accept(this::tellWaiting);
            }
            unavailable.run();
        }
        else if (cause instanceof FsmConflictException) {
            listener.conflicted(update);
        }
        log.debug("Update {} attempt {} failed ({}); retrying in {} ms", update.getUpdateId(), attempt,
                cause.getMessage(), backOff.toMillis());
    }

    /** Tells the listener about a conversation whose update waits during an outage, once per outage. */
    void tellWaiting(Update update, StorageKey key) {
        if (outage.affect(key)) {
            listener.storageUnavailable(update, key);
        }
    }

    /** Records an attempt, begun at {@code began}, that reached the storage; ends an outage it outlived. */
    void answered(long began) {
        Duration down = outage.succeeded(began);
        if (down != null) {
            log.warn("The storage answers again after {} ms; the updates that waited are being handled",
                    down.toMillis());
            listener.storageRecovered(down);
        }
    }

    /** Whether an update found the storage down and no attempt since has got through. */
    boolean isStorageDown() {
        return outage.isDown();
    }

    /** Waits until the storage is no longer known to be down. */
    boolean awaitStorage(Duration timeout) throws InterruptedException {
        return outage.awaitUp(timeout);
    }

    /** Ends every pause, now and later: the dispatcher shuts down. */
    void stop() {
        stopping.countDown();
    }

    /** Whether {@link #stop()} was called: the dispatcher shuts down. */
    boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /**
     * Waits out a back-off; returns {@code false} if the dispatcher is shutting down. On a worker an
     * interrupt is a shutdown; on a caller's thread that runs its own update ({@code interruptible}
     * false) it is not: it is kept for the caller.
     */
    boolean pause(Duration backOff, boolean interruptible) {
        return interruptible ? pause(backOff) : pauseUninterruptibly(backOff);
    }

    /** Waits out a back-off; returns {@code false} if the dispatcher is shutting down. */
    boolean pause(Duration backOff) {
        try {
            return !stopping.await(backOff.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean pauseUninterruptibly(Duration backOff) {
        long deadline = System.nanoTime() + backOff.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return !stopping.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
