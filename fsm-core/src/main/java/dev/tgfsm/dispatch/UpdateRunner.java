package dev.tgfsm.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.pipeline.UpdatePipeline;

/**
 * Runs an update that the {@link UpdateDispatcher} accepted until it is done, in its conversation's
 * turn: the pipeline's admission, then its unit of work ({@link UpdateAttempts}) again and again while
 * it fails for a reason that passes ({@link Retries}), the listener told what became of it; and the
 * conversations whose waiting update was abandoned at shutdown, whose later updates are abandoned too.
 */
final class UpdateRunner {

    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);

    private final long botId;

    private final FsmContexts contexts;

    private final UpdatePipeline pipeline;

    private final DispatchListener listener;

    private final UpdateAttempts attempts;

    private final Retries retries;

    private final Set<StorageKey> abandoned = ConcurrentHashMap.newKeySet();

    private volatile @Nullable String botUsername;

    UpdateRunner(long botId, FsmContexts contexts, UpdatePipeline pipeline, DispatchListener listener,
            UpdateAttempts attempts, Retries retries) {
        this.botId = botId;
        this.contexts = contexts;
        this.pipeline = pipeline;
        this.listener = listener;
        this.attempts = attempts;
        this.retries = retries;
    }

    /** The bot's username as the dispatcher was told it, or {@code null} until then. */
    @Nullable
    String botUsername() {
        return botUsername;
    }

    /** {@link UpdateDispatcher#setBotUsername}, normalized: empty when the bot has none. */
    void setBotUsername(String username) {
        this.botUsername = username;
    }

    /** Whether an update of the conversation was abandoned at shutdown while it waited to be retried. */
    boolean isAbandoned(StorageKey key) {
        return abandoned.contains(key);
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
    UpdateObserver.Outcome run(Update update, @Nullable UpdateIdentity identity,
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
                        if (listener != UpdateDispatcher.NO_LISTENER) {
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

}
