package dev.tgfsm.album;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.key.StorageKey;

/**
 * The local timers of an {@link AlbumCollector}: at most one per conversation, armed after a part's
 * commit to look at the conversation again once its album should be quiet; arming it again replaces
 * the one armed before. Runs them on an executor of its own (a daemon thread, shut down on
 * {@link #close()}) or on the caller's (left running; only the timers armed here are cancelled).
 * Nothing is armed or run after {@link #close()}.
 */
final class AlbumTimers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlbumCollector.class);

    private final ScheduledExecutorService timers;

    /** Whether {@link #close()} shuts {@link #timers} down (made here). */
    private final boolean ownsTimers;

    private final Consumer<StorageKey> look;

    private volatile boolean closed;

    private final Map<StorageKey, ScheduledFuture<?>> armed = new ConcurrentHashMap<>();

    /**
     * Creates the timers.
     *
     * @param timers the executor
     * @param ownsTimers whether {@link #close()} shuts it down
     * @param look what a timer does with its conversation
     */
    AlbumTimers(ScheduledExecutorService timers, boolean ownsTimers, Consumer<StorageKey> look) {
        this.timers = timers;
        this.ownsTimers = ownsTimers;
        this.look = look;
    }

    /** An executor of one daemon thread, {@code tgfsm-albums}, that forgets cancelled timers. */
    static ScheduledExecutorService ownTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "tgfsm-albums");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /** Looks at the conversation again after a delay; a later call for the same conversation replaces it. */
    void arm(StorageKey key, long delayMillis) {
        if (closed || timers.isShutdown()) {
            return;
        }
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        Runnable run = () -> {
            armed.remove(key, self.get());
            if (closed) {
                return;
            }
            look.accept(key);
        };
        try {
            armed.compute(key, (k, old) -> {
                if (old != null) {
                    old.cancel(false);
                }
                ScheduledFuture<?> future = timers.schedule(run, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
                self.set(future);
                return future;
            });
        }
        catch (RejectedExecutionException ex) {
            log.debug("Not looking at the albums of {} again: the collector is closed", key);
        }
    }

    /** Cancels the armed timers, and shuts the executor down when it was made here. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (ownsTimers) {
            timers.shutdownNow();
        }
        armed.values().forEach(future -> future.cancel(false));
        armed.clear();
    }
}
