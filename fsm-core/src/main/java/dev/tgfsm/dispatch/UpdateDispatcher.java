package dev.tgfsm.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.isolation.KeyedSerialExecutor;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.storage.FsmConflictException;

/**
 * Takes updates from any source (long polling, a webhook, the console, tests) and runs each in its
 * conversation's unit of work.
 *
 * <ul>
 * <li>Updates of one conversation run one at a time, in arrival order; different conversations run
 * in parallel on the dispatcher's own bounded pool.</li>
 * <li>Duplicate deliveries (same update id) are skipped: remembered in memory, and in the record's
 * metadata when the update changed the conversation, so a redelivery to another instance is skipped
 * too.</li>
 * <li>A handler that throws commits nothing and does not stop other updates.</li>
 * <li>{@link #dispatch} blocks when too many updates are in flight, slowing the poller down.</li>
 * <li>{@link #close()} stops accepting updates and waits for those in flight.</li>
 * </ul>
 */
public final class UpdateDispatcher implements AutoCloseable {

    /** The metadata entry holding recently handled update ids. */
    public static final String META_RECENT_UPDATES = "updates";

    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);

    private final long botId;

    private final KeyStrategy strategy;

    private final FsmContexts contexts;

    private final UpdateHandler handler;

    private final DispatcherOptions options;

    private final DispatchListener listener;

    private final ThreadPoolExecutor pool;

    private final KeyedSerialExecutor<StorageKey> serial;

    private final Semaphore pending;

    private final RecentUpdateIds recent;

    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean accepting = true;

    /**
     * Creates a dispatcher with its own worker pool.
     *
     * @param botId the bot whose updates these are (part of every key)
     * @param strategy how conversations are scoped
     * @param contexts opens the unit of work of each update
     * @param handler handles each update
     * @param options threads, back-pressure, de-duplication, shutdown
     * @param listener told what became of each update, or {@code null}
     */
    public UpdateDispatcher(long botId, KeyStrategy strategy, FsmContexts contexts, UpdateHandler handler,
            DispatcherOptions options, DispatchListener listener) {
        this.botId = botId;
        this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.handler = Objects.requireNonNull(handler, "handler must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.listener = listener != null ? listener : new DispatchListener() { };
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tgfsm-update-" + n.incrementAndGet());
                    t.setDaemon(false);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
        this.serial = new KeyedSerialExecutor<>(pool);
        this.pending = new Semaphore(options.maxPending());
        this.recent = new RecentUpdateIds(options.recentUpdates());
    }

    /**
     * Returns the bot id this dispatcher keys conversations with.
     *
     * @return the bot id
     */
    public long botId() {
        return botId;
    }

    /**
     * Accepts an update for handling; returns at once unless too many are in flight.
     *
     * @param update the update
     * @throws RejectedExecutionException if the dispatcher is closed
     */
    public void dispatch(Update update) {
        submit(update);
    }

    /**
     * Accepts several updates, in order.
     *
     * @param updates the updates
     */
    public void dispatchAll(List<Update> updates) {
        for (Update update : updates) {
            submit(update);
        }
    }

    /**
     * Accepts an update and tells when it is done.
     *
     * @param update the update
     * @return completes when the update was handled and committed (or skipped as a duplicate), and
     *         exceptionally with the handler's exception or the commit's conflict
     * @throws RejectedExecutionException if the dispatcher is closed
     */
    public CompletableFuture<Void> submit(Update update) {
        Objects.requireNonNull(update, "update must not be null");
        if (!accepting) {
            throw new RejectedExecutionException("The update dispatcher is shut down");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (update.getUpdateId() != null && !recent.add(update.getUpdateId())) {
            listener.duplicate(update);
            done.complete(null);
            return done;
        }
        pending.acquireUninterruptibly();
        inFlight.incrementAndGet();
        Optional<UpdateIdentity> identity = UpdateIdentity.of(update);
        Runnable task = () -> {
            try {
                process(update, identity.orElse(null));
                done.complete(null);
            }
            catch (Throwable ex) {
                done.completeExceptionally(ex);
            }
            finally {
                inFlight.decrementAndGet();
                pending.release();
            }
        };
        try {
            if (identity.isPresent()) {
                serial.execute(strategy.keyOf(botId, identity.get()), task);
            }
            else {
                pool.execute(task);
            }
        }
        catch (RejectedExecutionException ex) {
            inFlight.decrementAndGet();
            pending.release();
            throw ex;
        }
        return done;
    }

    private void process(Update update, UpdateIdentity identity) throws Throwable {
        long start = System.nanoTime();
        try {
            if (identity == null) {
                handler.handle(new UpdateContext(update, null, null));
            }
            else {
                try (FsmTransaction tx = contexts.begin(strategy.keyOf(botId, identity))) {
                    if (isPersistedDuplicate(tx, update)) {
                        listener.duplicate(update);
                        tx.commit();
                        return;
                    }
                    handler.handle(new UpdateContext(update, identity, tx));
                    if (tx.isDirty() || !tx.outbox().isEmpty()) {
                        rememberUpdate(tx.context(), update);
                        countUpdate(tx.context());
                    }
                    tx.commit();
                }
            }
            listener.handled(update, Duration.ofNanos(System.nanoTime() - start));
        }
        catch (FsmConflictException ex) {
            log.warn("Update {} was not committed: {}", update.getUpdateId(), ex.getMessage());
            listener.conflicted(update);
            throw ex;
        }
        catch (Throwable ex) {
            log.error("Handling update {} failed; nothing of it was committed", update.getUpdateId(), ex);
            listener.failed(update, ex);
            throw ex;
        }
    }

    private boolean isPersistedDuplicate(FsmTransaction tx, Update update) {
        if (options.persistedUpdates() == 0 || update.getUpdateId() == null) {
            return false;
        }
        Object ids = tx.context().getMeta(META_RECENT_UPDATES);
        return ids instanceof List<?> list && list.contains(update.getUpdateId());
    }

    /** Counts an update that changed the conversation (see {@link dev.tgfsm.context.SessionMetadata}). */
    private static void countUpdate(FsmContext context) {
        long count = dev.tgfsm.context.SessionMetadata.countOf(context.getMeta(dev.tgfsm.context.SessionMetadata.META_MESSAGES));
        context.setMeta(dev.tgfsm.context.SessionMetadata.META_MESSAGES, count + 1);
    }

    private void rememberUpdate(FsmContext context, Update update) {
        if (options.persistedUpdates() == 0 || update.getUpdateId() == null) {
            return;
        }
        List<Object> ids = new ArrayList<>();
        if (context.getMeta(META_RECENT_UPDATES) instanceof List<?> list) {
            ids.addAll(list);
        }
        ids.add(update.getUpdateId());
        while (ids.size() > options.persistedUpdates()) {
            ids.remove(0);
        }
        context.setMeta(META_RECENT_UPDATES, ids);
    }

    /**
     * Returns how many updates are accepted and not yet finished.
     *
     * @return the count
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops accepting updates, waits up to the shutdown timeout for those in flight, then stops the
     * workers.
     *
     * @return {@code true} if every update in flight finished in time
     */
    public boolean shutdown() {
        accepting = false;
        boolean drained;
        try {
            drained = pending.tryAcquire(options.maxPending(), options.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (drained) {
                pending.release(options.maxPending());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        pool.shutdown();
        if (!drained) {
            log.warn("{} update(s) were still running when the dispatcher shut down", inFlight.get());
        }
        return drained;
    }

    /**
     * Same as {@link #shutdown()}.
     */
    @Override
    public void close() {
        shutdown();
    }
}
