package dev.tgfsm.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.isolation.KeyedSerialExecutor;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.routing.BotCommand;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Takes updates from any source (long polling, a webhook, the console, tests) and runs each through
 * the {@link UpdatePipeline}: it computes the conversation's key once, runs the pipeline's admission
 * (rate limit) before any lock, keeps the order of each conversation's updates, opens the unit of
 * work, runs the pipeline's steps inside it, commits, and tells the caller through the update's
 * future when the update is done.
 *
 * <ul>
 * <li>Updates of one conversation run one at a time, in arrival order; different conversations run
 * in parallel on the dispatcher's own bounded pool.</li>
 * <li>Duplicate deliveries (same update id) are skipped: remembered in memory, and in the record's
 * metadata when the update changed the conversation, so a redelivery to another instance is skipped
 * too.</li>
 * <li>A handler that throws commits nothing and does not stop other updates; the update is done.</li>
 * <li>A unit of work that fails for a reason that passes (the storage is unavailable, the
 * conversation's lock is not free in time, another writer changed the record first) is run again in
 * place, in its conversation's turn, with a back-off from 10 ms doubling to 500 ms, until it gets
 * through or the dispatcher shuts down. While the storage is unavailable {@link #isStorageUnavailable()}
 * is {@code true}, and listeners hear once per conversation per outage, for the conversations whose
 * update found the storage down and for those whose update waits in the queue meanwhile.</li>
 * <li>A conversation record that cannot be decoded goes to the {@link CorruptRecordRecovery}, if
 * one is set.</li>
 * <li>An update submitted with a {@link Withdrawal} that its caller withdrew (a webhook that answered
 * Telegram with an error) is not attempted again and not committed: Telegram posts it again.</li>
 * <li>{@link #dispatch} blocks when too many updates are in flight, slowing the poller down.</li>
 * <li>{@link #close()} stops accepting updates, waits for those running and cancels those not started
 * (Telegram delivers them again).</li>
 * </ul>
 */
public final class UpdateDispatcher implements AutoCloseable {

    /** The metadata entry holding recently handled update ids. */
    public static final String META_RECENT_UPDATES = "updates";

    /** The longest pause between two attempts of an update that waits for the storage, in milliseconds. */
    public static final long MAX_RETRY_MILLIS = 500;

    static final Duration MAX_RETRY = Duration.ofMillis(MAX_RETRY_MILLIS);

    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);

    /** Hears nothing: the listener of a dispatcher given none. */
    private static final DispatchListener NO_LISTENER = new DispatchListener() {};

    private final long botId;

    private volatile @Nullable String botUsername;

    private final KeyStrategy strategy;

    private final FsmContexts contexts;

    private final UpdatePipeline pipeline;

    private final DispatcherConfig options;

    private final DispatchListener listener;

    private final UpdateWorkers workers;

    private final KeyedSerialExecutor<StorageKey> serial;

    private final RecentUpdateIds recent;

    private final WorkAttempts work;

    private final UpdateAttempts attempts;

    private final Retries retries;

    private final Set<StorageKey> abandoned = ConcurrentHashMap.newKeySet();

    private final WaitingWork waitingWork = new WaitingWork();

    private volatile boolean accepting = true;

    private volatile @Nullable UpdateObserver observer;

    private volatile MessageKeying messageKeying = MessageKeying.none();

    /**
     * Creates a dispatcher with its own worker pool that runs one handler per update, with no
     * middleware ({@link UpdatePipeline#of}).
     *
     * @param botId the bot whose updates these are (part of every key)
     * @param strategy how conversations are scoped
     * @param contexts opens the unit of work of each update
     * @param handler handles each update
     * @param options threads, back-pressure, de-duplication, shutdown
     * @param listener told what became of each update, or {@code null}
     */
    public UpdateDispatcher(long botId, KeyStrategy strategy, FsmContexts contexts, UpdateHandler handler,
            DispatcherConfig options, @Nullable DispatchListener listener) {
        this(botId, strategy, contexts, UpdatePipeline.of(handler), options, listener);
    }

    /**
     * Creates a dispatcher with its own worker pool that runs each update through a pipeline.
     *
     * @param botId the bot whose updates these are (part of every key and rate-limit bucket)
     * @param strategy how conversations are scoped
     * @param contexts opens the unit of work of each update
     * @param pipeline the steps of each update
     * @param options threads, back-pressure, de-duplication, shutdown
     * @param listener told what became of each update, or {@code null}
     */
    public UpdateDispatcher(long botId, KeyStrategy strategy, FsmContexts contexts, UpdatePipeline pipeline,
            DispatcherConfig options, @Nullable DispatchListener listener) {
        this.botId = botId;
        this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.listener = listener != null ? listener : NO_LISTENER;
        this.workers = new UpdateWorkers(options);
        this.serial = new KeyedSerialExecutor<>(workers.pool());
        this.recent = new RecentUpdateIds(options.recentUpdates());
        this.work = new WorkAttempts(contexts, pipeline);
        this.attempts = new UpdateAttempts(contexts, pipeline, options);
        this.retries = new Retries(this.listener, tell -> serial.forEachWaiting(task -> {
            if (task instanceof Accepted waiting && waiting.key != null) {
                tell.accept(waiting.update, waiting.key);
            }
        }), waitingWork::failAll);
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
     * <p>The returned future completes normally when the update was committed or skipped as a
     * duplicate; exceptionally with the handler's exception when the handler failed (nothing was
     * committed; the update counts as done and is not run again); and is <em>cancelled</em> when the
     * dispatcher shut down while the update was still waiting to be retried, or queued behind such an
     * update of its conversation: such an update was not handled and must not be acknowledged.
     *
     * <p>A caller that waits for the future with {@code join()} runs the update on its own thread
     * when no worker has taken it yet, nothing of its conversation runs or waits before it, and one
     * of the dispatcher's {@linkplain DispatcherConfig#threads() threads} is free: it saves the
     * hand-off to a worker and back, and keeps the conversation's order and the bound on threads.
     * {@code get} only waits.
     *
     * @param update the update
     * @return completes when the update is done, as described above
     * @throws RejectedExecutionException if the dispatcher is closed
     */
    public CompletableFuture<Void> submit(Update update) {
        return accept(update, null, null);
    }

    /** {@link DispatcherHooks#submit}. */
    CompletableFuture<Void> submit(Update update, Withdrawal withdrawal) {
        return accept(update, null, Objects.requireNonNull(withdrawal, "withdrawal must not be null"));
    }

    /**
     * Accepts a unit of work that the library gathered from updates already handled, such as an
     * album whose parts were stored one by one: it runs in its conversation's turn through the
     * pipeline's steps, with the same retries and shutdown rules as an update, but without
     * de-duplication and admission (its updates passed them already), and it records no update id.
     * The attribute is set on the update's context inside the unit of work, where the step that asked
     * for the run finds it.
     *
     * @param update the update that stands for the gathered ones (keys the conversation)
     * @param attribute the attribute's name
     * @param value the attribute's value
     * @return completes as {@link #submit}'s future does
     * @throws RejectedExecutionException if the dispatcher is closed
     */
    public CompletableFuture<Void> submitGathered(Update update, Object attribute, Object value) {
        Objects.requireNonNull(attribute, "attribute must not be null");
        Objects.requireNonNull(value, "value must not be null");
        return accept(update, Map.of(attribute, value), null);
    }

    /**
     * Runs work on a conversation from outside an update (a scheduler, a payment webhook, an admin
     * action) exactly as that conversation's updates run: in its turn (queued behind the updates of
     * the conversation accepted before, and the updates accepted after wait for it), in a unit of work
     * under its cross-instance lock when the contexts take one, with the pipeline's state-change
     * listeners, garbage registry and idle timeouts around it (not the rate limit, middleware, flows,
     * scenes or handler), committed once; the Bot API calls it queued are sent after that commit.
     * So it never races an update in flight, here or on another instance.
     *
     * <p>When another writer changed the record first or the lock stayed busy, the work is run again
     * on a fresh unit of work, up to 10 times. The returned future completes with the work's result
     * after the commit; exceptionally, with nothing committed, with what the work threw, with the
     * storage's {@link StorageUnavailableException} (not retried: the caller
     * decides), or with a {@link RejectedExecutionException} when the dispatcher is shut down; it is
     * cancelled when the dispatcher shut down while an earlier update of the conversation waited.
     * It never waits out a storage outage: its own attempt fails within the storage's command
     * timeout, and work that has not started (queued behind an update of its conversation, or for
     * a worker, all of them held by updates that wait for the storage) fails as soon as an update
     * finds the storage unavailable, in both cases with a {@code StorageUnavailableException} and
     * nothing applied. A commit the storage stopped
     * answering is settled before the future completes: the work waits, at most the lock wait, to
     * read whether it was applied (then it succeeds) or to make sure it never will be (then it
     * fails); only a storage that stays silent that long leaves the outcome unknown, which the
     * exception's message says.
     *
     * @param identity the conversation's chat and user (and topic, business connection)
     * @param conversationWork the work
     * @param <T> the result type
     * @return completes after the commit, as described above
     * @throws IllegalArgumentException if the identity names neither a chat nor a user
     */
    public <T> CompletableFuture<T> submitWork(UpdateIdentity identity, ConversationWork<T> conversationWork) {
        Objects.requireNonNull(identity, "identity must not be null");
        Objects.requireNonNull(conversationWork, "conversationWork must not be null");
        if (identity.chatId() == null && identity.userId() == null) {
            throw new IllegalArgumentException("A conversation needs a chat or a user: " + identity);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!accepting) {
            done.completeExceptionally(new RejectedExecutionException("The update dispatcher is shut down"));
            return done;
        }
        StorageKey key = strategy.keyOf(botId, identity);
        workers.enter();
        waitingWork.add(done, key);
        Runnable task = () -> {
            try {
                if (!waitingWork.remove(done)) {
                    return; // failed while it waited behind an update of its conversation
                }
                if (abandoned.contains(key)) {
                    done.cancel(false);
                    return;
                }
                done.complete(work.run(identity, key, botId, botUsername, conversationWork, retries::pause));
            }
            catch (Throwable ex) {
                log.debug("Work on {} failed; nothing of it was committed", key, ex);
                done.completeExceptionally(ex);
            }
            finally {
                workers.leave();
            }
        };
        try {
            serial.execute(key, task);
        }
        catch (RejectedExecutionException ex) {
            waitingWork.remove(done);
            workers.leave();
            done.completeExceptionally(ex);
        }
        return done;
    }

    /**
     * Accepts an update (or gathered work, with its attributes); {@code withdrawal} is {@code null}
     * when the caller cannot take it back.
     */
    private CompletableFuture<Void> accept(Update update, @Nullable Map<Object, Object> gathered,
            @Nullable Withdrawal withdrawal) {
        Objects.requireNonNull(update, "update must not be null");
        if (!accepting) {
            throw new RejectedExecutionException("The update dispatcher is shut down");
        }
        UpdateObserver watching = observer;
        UpdateObserver.Watch watch = watching == null ? null : watching.started(update, botId);
        UpdateFuture done = new UpdateFuture();
        Integer id = gathered == null ? update.getUpdateId() : null;
        if (withdrawal == null ? id != null && !recent.add(id) : !withdrawal.start(recent, id)) {
            if (withdrawal != null && withdrawal.isGivenUp()) {
                end(watch, UpdateObserver.Outcome.WITHDRAWN, null);
                done.cancel(false);
            }
            else {
                listener.duplicate(update);
                end(watch, UpdateObserver.Outcome.DUPLICATE, null);
                done.complete(null);
            }
            return done;
        }
        workers.enter();
        UpdateIdentity identity = UpdateIdentity.of(update).orElse(null);
        StorageKey key = identity == null ? null : messageKeying.keyOf(strategy.keyOf(botId, identity), update);
        Accepted task = new Accepted(update, identity, key, gathered, withdrawal, watch, done);
        done.task = task;
        try {
            if (key != null) {
                serial.execute(key, task);
            }
            else {
                workers.pool().execute(task);
            }
        }
        catch (RejectedExecutionException ex) {
            end(watch, UpdateObserver.Outcome.ABANDONED, null);
            workers.leave();
            throw ex;
        }
        if (key != null && retries.isStorageDown()) {
            retries.tellWaiting(update, key); // queued during an outage (an outage that begins later finds it in the queue)
        }
        return done;
    }

    /** An update accepted and not yet done: its run, in its conversation's turn. */
    private final class Accepted implements Runnable {

        final Update update;

        final @Nullable UpdateIdentity identity;

        final @Nullable StorageKey key;

        final @Nullable Map<Object, Object> gathered;

        final @Nullable Withdrawal withdrawal;

        final UpdateObserver.@Nullable Watch watch;

        final CompletableFuture<Void> done;

        /** The caller that tries to run it on its own thread (see {@link UpdateFuture#join}), if any. */
        volatile @Nullable Thread helper;

        Accepted(Update update, @Nullable UpdateIdentity identity, @Nullable StorageKey key,
                @Nullable Map<Object, Object> gathered, @Nullable Withdrawal withdrawal,
                UpdateObserver.@Nullable Watch watch,
                CompletableFuture<Void> done) {
            this.update = update;
            this.identity = identity;
            this.key = key;
            this.gathered = gathered;
            this.withdrawal = withdrawal;
            this.watch = watch;
            this.done = done;
        }

        @Override
        public void run() {
            if (watch != null) {
                watch.enter();
            }
            try {
                UpdateObserver.Outcome outcome = runUntilDone(update, identity, key, gathered, withdrawal,
                        helper != Thread.currentThread());
                end(watch, outcome, null);
                done.complete(null);
            }
            catch (CancellationException ex) {
                end(watch, ex instanceof Withdrawal.Withdrawn ? UpdateObserver.Outcome.WITHDRAWN
                        : UpdateObserver.Outcome.ABANDONED, null);
                done.cancel(false);
            }
            catch (Throwable ex) {
                end(watch, UpdateObserver.Outcome.FAILED, ex);
                done.completeExceptionally(ex);
            }
            finally {
                if (withdrawal != null) {
                    withdrawal.settle();
                }
                workers.leave();
            }
        }
    }

    /**
     * Runs the update's unit of work until it is done. A retryable failure (storage unavailable, lock
     * not free in time, a conflicting writer) runs the whole unit of work again after a back-off, in
     * the conversation's serial slot so the order of its updates is kept; the update ids stored with
     * each commit make a re-run of an update that did commit a no-op. A handler bug is reported and
     * ends the update. Shutting down ends the waiting: the update, and those of its conversation
     * queued behind it, are abandoned unhandled. A withdrawn update is neither attempted again nor
     * committed.
     *
     * @return handled, a duplicate, or dropped
     */
    private UpdateObserver.Outcome runUntilDone(Update update, @Nullable UpdateIdentity identity,
            @Nullable StorageKey key,
            @Nullable Map<Object, Object> gathered, @Nullable Withdrawal withdrawal, boolean interruptible)
            throws Throwable {
        long start = System.nanoTime();
        if (key != null && abandoned.contains(key)) {
            throw new CancellationException("An earlier update of the conversation was abandoned");
        }
        if (retries.isStopping()) {
            // queued behind an update of its conversation or for a worker when the shutdown began: not
            // started, so not confirmed; Telegram delivers it again. Running it could hold the shutdown
            // once per queued update (each waiting, for example, for a Bot API that does not answer).
            log.debug("Update {} had not started when the dispatcher began to shut down; Telegram delivers it again",
                    update.getUpdateId());
            throw new CancellationException("The dispatcher shut down before the update started");
        }
        if (withdrawal != null) {
            withdrawal.checkNotWithdrawn();
        }
        UpdateContext admission = new UpdateContext(update, identity, key, null, botId, botUsername);
        if (gathered == null && key != null) {
            admission.lockStorage(contexts.storage(), contexts.locks());
        }
        if (gathered != null) {
            gathered.forEach(admission::attribute);
            admission.attribute(UpdateAttempts.GATHERED, Boolean.TRUE);
        }
        else if (!admit(admission)) {
            listener.dropped(update);
            return UpdateObserver.Outcome.DROPPED;
        }
        admission.keepThrottleApartFromLock();
        LockThrottle check = admission.takeLockThrottle();
        UpdateAttempts.Riding riding = check == null ? UpdateAttempts.Riding.NONE : new UpdateAttempts.Riding(check);
        Duration backOff = Retries.FIRST;
        for (int attempt = 1;; attempt++) {
            if (key != null && abandoned.contains(key)) {
                throw new CancellationException("An earlier update of the conversation was abandoned");
            }
            long began = System.nanoTime();
            try {
                if (withdrawal != null) {
                    if (key != null && withdrawal.isWithdrawn() && retries.isStorageDown()) {
                        contexts.storage().loadAll(List.of(key));
                    }
                    withdrawal.checkNotWithdrawn();
                }
                UpdateAttempts.Outcome outcome = attempts.run(admission, riding, withdrawal);
                if (key != null && !riding.storageDown) {
                    retries.answered(began);
                }
                switch (outcome) {
                    case HANDLED -> {
                        if (listener != NO_LISTENER) {
                            listener.handled(update, Duration.ofNanos(System.nanoTime() - start));
                        }
                    }
                    case DUPLICATE -> listener.duplicate(update);
                    case DROPPED -> {
                        pipeline.dropped(admission);
                        listener.dropped(update);
                    }
                }
                return outcome.observed;
            }
            catch (Withdrawal.Withdrawn ex) {
                if (key != null) {
                    retries.answered(began);
                }
                log.debug("Update {} was withdrawn after {} attempt(s); it is not applied here", update.getUpdateId(),
                        attempt);
                throw ex;
            }
            catch (Throwable ex) {
                RuntimeException retryable = Retries.retryableCause(ex);
                if (retryable == null) {
                    log.error("Handling update {} failed; nothing of it was committed", update.getUpdateId(), ex);
                    listener.failed(update, ex);
                    throw ex;
                }
                retries.failed(update, key, retryable, attempt, began, backOff);
            }
            if (!retries.pause(backOff, interruptible)) {
                if (key != null) {
                    abandoned.add(key);
                }
                log.debug("Update {} was abandoned at shutdown after {} attempt(s); Telegram delivers it again",
                        update.getUpdateId(), attempt);
                throw new CancellationException("The dispatcher shut down before the update could be handled");
            }
            backOff = Retries.next(backOff);
        }
    }

    /**
     * Runs the pipeline's admission (before any lock); a failure there ends the update like a
     * handler's failure.
     *
     * @return {@code true} if the update goes on to its unit of work
     */
    private boolean admit(UpdateContext admission) throws Exception {
        try {
            return pipeline.admit(admission);
        }
        catch (Exception | Error ex) {
            log.error("Admitting update {} failed; it is dropped", admission.update().getUpdateId(), ex);
            listener.failed(admission.update(), ex);
            throw ex;
        }
    }

    /** Ends an update's watch, if it is watched. */
    private static void end(UpdateObserver.@Nullable Watch watch, UpdateObserver.Outcome outcome,
            @Nullable Throwable error) {
        if (watch != null) {
            watch.ended(outcome, error);
        }
    }

    /**
     * Tells whether a failure passes by itself, so that the dispatcher runs the update again: the
     * storage was unavailable, the conversation's lock was not free in time, or another writer
     * changed the record first (also when wrapped by a handler's exception).
     *
     * @param error what a unit of work threw
     * @return {@code true} if the update will be run again
     */
    public static boolean isRetryable(Throwable error) {
        return Retries.retryableCause(error) != null;
    }

    /**
     * Returns whether the storage is unavailable: an update found it down and no attempt since has
     * got through. A polling loop stops fetching new updates while this is so.
     *
     * @return {@code true} during a storage outage
     */
    public boolean isStorageUnavailable() {
        return retries.isStorageDown();
    }

    /**
     * Waits until the storage is no longer known to be unavailable (returns at once when it is not).
     * The updates waiting for the storage retry at least every {@value #MAX_RETRY_MILLIS} ms, so this
     * returns soon after the storage answers again.
     *
     * @param timeout the longest wait
     * @return {@code true} if the storage is available, {@code false} if the wait timed out
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitStorage(Duration timeout) throws InterruptedException {
        return retries.awaitStorage(timeout);
    }

    /**
     * Tells the username of this dispatcher's bot, which decides whether a {@code /command@name} is
     * addressed to it ({@link UpdateContext#botUsername}); until told, routing uses the username it
     * was configured with.
     *
     * @param username the bot's username, with or without {@code @}, or {@code null} when it has none
     */
    public void setBotUsername(@Nullable String username) {
        String normalized = BotCommand.username(username);
        this.botUsername = normalized == null ? "" : normalized;
    }

    /** {@link DispatcherHooks#corruptRecords}. */
    void setCorruptRecords(@Nullable CorruptRecordRecovery recovery) {
        attempts.setCorruptRecords(recovery);
    }

    /**
     * Sets who watches each update from intake to done, for tracing (see {@link UpdateObserver});
     * without one nothing is created per update. What the observer throws is logged and does not
     * change what becomes of the update.
     *
     * @param observer the observer, or {@code null} for none
     */
    public void setObserver(@Nullable UpdateObserver observer) {
        this.observer = observer == null ? null : new SafeObserver(observer);
    }

    /**
     * Sets which updates are keyed per message ({@link MessageKeying}); by default none.
     *
     * @param keying the rule
     */
    public void setMessageKeying(MessageKeying keying) {
        this.messageKeying = Objects.requireNonNull(keying, "keying must not be null");
    }

    /**
     * Sets how the worker threads are made from now on (the starter makes virtual threads when
     * {@code spring.threads.virtual.enabled} is set); call it before the first update, since workers
     * already started are kept until they idle out.
     *
     * @param threads makes the worker threads
     */
    public void setThreadFactory(ThreadFactory threads) {
        workers.pool().setThreadFactory(Objects.requireNonNull(threads, "threads must not be null"));
    }

    /**
     * Returns the worker pool, for metrics (such as Micrometer's {@code ExecutorServiceMetrics}); shut
     * the dispatcher down, never the pool.
     *
     * @return the pool that runs the updates
     */
    public ThreadPoolExecutor workers() {
        return workers.pool();
    }

    /**
     * Returns how many updates are accepted and not yet finished.
     *
     * @return the count
     */
    public int inFlight() {
        return workers.inFlight();
    }

    /**
     * Stops accepting updates, waits up to the shutdown timeout for those running, then stops the
     * workers. Updates waiting to be retried (the storage is down) are abandoned at once, and so are
     * accepted updates that had not started (queued behind an update of their conversation or for a
     * worker): their futures are cancelled, so an intake leaves them unconfirmed and Telegram delivers
     * them again. Calling it again returns at once.
     *
     * @return {@code true} if every update in flight finished in time
     */
    public synchronized boolean shutdown() {
        accepting = false;
        retries.stop();
        if (workers.pool().isShutdown()) {
            return workers.inFlight() == 0;
        }
        boolean drained = workers.drain();
        if (!drained) {
            log.warn("{} update(s) were still running when the dispatcher shut down", workers.inFlight());
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

    /**
     * The future of an accepted update. A caller that waits for it with {@link #join()} runs the
     * update on its own thread when no worker has taken it yet and it is its conversation's next
     * update (nothing of the conversation runs or waits before it) and a thread slot is free: it
     * would only wait otherwise, and the hand-off to a worker and back is saved. The conversation's
     * order, the bound on threads and the retries are those of a worker; an interrupt of the caller
     * does not abandon the update (it stays set for the caller). {@code get} only waits: it promises
     * to return when interrupted or timed out, which a running update cannot.
     */
    private final class UpdateFuture extends CompletableFuture<Void> {

        /** The update's run, set before the future is handed out. */
        @Nullable
        Accepted task;

        @Override
        public Void join() {
            Accepted run = task;
            if (run != null && run.key != null && !isDone() && workers.tryTakeSlot()) {
                try {
                    run.helper = Thread.currentThread();
                    serial.runIfWaiting(run.key, run);
                }
                finally {
                    workers.releaseSlot();
                }
            }
            return super.join();
        }
    }

}
