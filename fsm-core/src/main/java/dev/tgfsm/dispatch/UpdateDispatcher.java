package dev.tgfsm.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
    static final DispatchListener NO_LISTENER = new DispatchListener() {};

    private final long botId;

    private final UpdateWorkers workers;

    private final UpdateAttempts attempts;

    private final Retries retries;

    private final UpdateRunner runner;

    private final UpdateIntake intake;

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
        Objects.requireNonNull(strategy, "strategy must not be null");
        Objects.requireNonNull(contexts, "contexts must not be null");
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        Objects.requireNonNull(options, "options must not be null");
        DispatchListener told = listener != null ? listener : NO_LISTENER;
        this.workers = new UpdateWorkers(options);
        KeyedSerialExecutor<StorageKey> serial = new KeyedSerialExecutor<>(workers.pool());
        WaitingWork waitingWork = new WaitingWork();
        this.attempts = new UpdateAttempts(contexts, pipeline, options);
        this.retries = new Retries(told, tell -> UpdateIntake.forEachWaiting(serial, tell), waitingWork::failAll);
        this.runner = new UpdateRunner(botId, contexts, pipeline, told, attempts, retries);
        this.intake = new UpdateIntake(botId, strategy, told, workers, serial,
                new RecentUpdateIds(options.recentUpdates()),
                waitingWork, new WorkAttempts(contexts, pipeline), retries, runner);
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
        return intake.accept(update, null, null);
    }

    /** {@link DispatcherHooks#submit}. */
    CompletableFuture<Void> submit(Update update, Withdrawal withdrawal) {
        return intake.accept(update, null, Objects.requireNonNull(withdrawal, "withdrawal must not be null"));
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
        return intake.accept(update, Map.of(attribute, value), null);
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
        return intake.submitWork(identity, conversationWork);
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
        runner.setBotUsername(normalized == null ? "" : normalized);
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
        intake.setObserver(observer == null ? null : new SafeObserver(observer));
    }

    /**
     * Sets which updates are keyed per message ({@link MessageKeying}); by default none.
     *
     * @param keying the rule
     */
    public void setMessageKeying(MessageKeying keying) {
        intake.setMessageKeying(Objects.requireNonNull(keying, "keying must not be null"));
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
        intake.stopAccepting();
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

}
