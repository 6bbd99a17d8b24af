package dev.tgfsm.dispatch;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.isolation.KeyedSerialExecutor;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;

/**
 * How updates and work get into the {@link UpdateDispatcher}: an update is skipped when its id was
 * seen (or its caller withdrew it), watched by the observer, keyed once, counted in flight and queued
 * in its conversation's turn (an update without a conversation goes straight to the pool), where the
 * {@link UpdateRunner} runs it; work from outside an update ({@link UpdateDispatcher#submitWork}) waits
 * in the same turn. Each gets a future that tells when it is done; waiting on an update's future with
 * {@code join()} may run it on the caller's thread.
 */
final class UpdateIntake {

    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);

    private final long botId;

    private final KeyStrategy strategy;

    private final DispatchListener listener;

    private final UpdateWorkers workers;

    private final KeyedSerialExecutor<StorageKey> serial;

    private final RecentUpdateIds recent;

    private final WaitingWork waitingWork;

    private final WorkAttempts work;

    private final Retries retries;

    private final UpdateRunner runner;

    private volatile boolean accepting = true;

    private volatile @Nullable UpdateObserver observer;

    private volatile MessageKeying messageKeying = MessageKeying.none();

    UpdateIntake(long botId, KeyStrategy strategy, DispatchListener listener, UpdateWorkers workers,
            KeyedSerialExecutor<StorageKey> serial, RecentUpdateIds recent, WaitingWork waitingWork, WorkAttempts work,
            Retries retries, UpdateRunner runner) {
        this.botId = botId;
        this.strategy = strategy;
        this.listener = listener;
        this.workers = workers;
        this.serial = serial;
        this.recent = recent;
        this.waitingWork = waitingWork;
        this.work = work;
        this.retries = retries;
        this.runner = runner;
    }

    /** Visits the updates accepted with a key and not yet started, for {@link Retries} when an outage begins. */
    static void forEachWaiting(KeyedSerialExecutor<StorageKey> serial, BiConsumer<Update, StorageKey> tell) {
        serial.forEachWaiting(task -> {
            if (task instanceof Accepted waiting && waiting.key != null) {
                tell.accept(waiting.update, waiting.key);
            }
        });
    }

    /** Stops accepting updates and work: the dispatcher shuts down. */
    void stopAccepting() {
        accepting = false;
    }

    /** {@link UpdateDispatcher#setObserver}. */
    void setObserver(@Nullable UpdateObserver observer) {
        this.observer = observer;
    }

    /** {@link UpdateDispatcher#setMessageKeying}. */
    void setMessageKeying(MessageKeying keying) {
        this.messageKeying = keying;
    }

    /** {@link UpdateDispatcher#submitWork}, its arguments checked. */
    <T> CompletableFuture<T> submitWork(UpdateIdentity identity, ConversationWork<T> conversationWork) {
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
                if (runner.isAbandoned(key)) {
                    done.cancel(false);
                    return;
                }
                done.complete(work.run(identity, key, botId, runner.botUsername(), conversationWork, retries::pause));
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
    CompletableFuture<Void> accept(Update update, @Nullable Map<Object, Object> gathered,
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
                UpdateObserver.Outcome outcome = runner.run(update, identity, key, gathered, withdrawal,
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

    /** Ends an update's watch, if it is watched. */
    private static void end(UpdateObserver.@Nullable Watch watch, UpdateObserver.Outcome outcome,
            @Nullable Throwable error) {
        if (watch != null) {
            watch.ended(outcome, error);
        }
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
