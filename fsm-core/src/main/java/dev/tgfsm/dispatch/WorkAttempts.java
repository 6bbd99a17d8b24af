package dev.tgfsm.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.ScopedData;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Runs a {@link ConversationWork} in the conversation's unit of work and commits it: up to
 * {@link #MAX_ATTEMPTS} times when another writer got in first or the lock stayed busy, with the
 * dispatcher's back-off; any other failure (the storage unavailable, a bad flow name) ends it at
 * once, with nothing committed.
 *
 * <p>A commit that fails because the storage stopped answering has an unknown outcome: a frozen
 * server may still run it when it resumes. Each commit that writes therefore carries a random
 * token ({@link FsmTransaction#tokenNextCommit()}); after such a failure the work waits,
 * at most the lock wait, until the storage answers, and reads the record under the lock: with the
 * token the work was applied and succeeds; without it a fencing write (a new token) moves the
 * record's version past the one the lost commit expects, so that it can never be applied later,
 * and the work fails with nothing applied. Scope changes of a commit found applied were recorded
 * with it and are finished by the unit of work that finds them (see {@link ScopedData}).
 * When the storage does not answer within the lock wait,
 * the work fails with a {@link StorageUnavailableException} that says its outcome is unknown.
 */
final class WorkAttempts {

    /** How often a work is tried when it meets a conflict or a busy lock. */
    static final int MAX_ATTEMPTS = 10;

    private static final Logger log = LoggerFactory.getLogger(WorkAttempts.class);

    private final FsmContexts contexts;

    private final UpdatePipeline pipeline;

    WorkAttempts(FsmContexts contexts, UpdatePipeline pipeline) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline must not be null");
    }

    /**
     * Runs the work until it commits.
     *
     * @param pause waits out a back-off; {@code false} when the dispatcher shuts down
     * @return what the work returned
     */
    <T> @Nullable T run(UpdateIdentity identity, StorageKey key, long botId, @Nullable String botUsername,
            ConversationWork<T> work, Predicate<Duration> pause) throws Exception {
        Duration backOff = Duration.ofMillis(10);
        for (int attempt = 1;; attempt++) {
            try {
                return once(identity, key, botId, botUsername, work, pause);
            }
            catch (FsmConflictException | LockTimeoutException ex) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ex;
                }
                log.debug("Work on {} attempt {} failed ({}); retrying", key, attempt, ex.getMessage());
                if (!pause.test(backOff)) {
                    throw ex;
                }
                Duration doubled = backOff.multipliedBy(2);
                backOff = doubled.compareTo(UpdateDispatcher.MAX_RETRY) < 0 ? doubled : UpdateDispatcher.MAX_RETRY;
            }
        }
    }

    private <T> @Nullable T once(UpdateIdentity identity, StorageKey key, long botId, @Nullable String botUsername,
            ConversationWork<T> work, Predicate<Duration> pause) throws Exception {
        Object[] result = {null};
        String token = null;
        StorageUnavailableException unknown = null;
        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            UpdateContext conversation = new UpdateContext(new Update(), identity, key, tx, botId, botUsername);
            pipeline.handleWork(conversation, inside -> result[0] = work.run(inside));
            if (tx.isDirty() || !tx.outbox().isEmpty()) {
                token = tx.tokenNextCommit();
            }
            try {
                tx.commit();
            }
            catch (StorageUnavailableException ex) {
                if (token == null) {
                    throw ex;
                }
                unknown = ex;
            }
        }
        if (unknown != null) {
            // settled once the unit of work is closed: its lock must not stand in the way of the check
            settle(key, token, unknown, pause);
        }
        @SuppressWarnings("unchecked")
        T typed = (T) result[0];
        return typed;
    }

    /**
     * Finds out whether a commit that failed with the storage unavailable was applied; returns if it
     * was, throws if it was not (and now never will be) or the storage did not answer in time. When it
     * was, the check's commit finishes the scope changes it recorded, if any are left.
     */
    private void settle(StorageKey key, String token, StorageUnavailableException failure, Predicate<Duration> pause) {
        long deadline = System.nanoTime() + contexts.options().lockWait().toNanos();
        Duration backOff = Duration.ofMillis(10);
        while (true) {
            try (FsmTransaction check = FsmTransactions.begin(contexts, key)) {
                if (token.equals(check.lastCommitToken())) {
                    log.debug("The commit of work on {} that failed ({}) was applied", key, failure.getMessage());
                    check.commit();
                    return;
                }
                check.tokenNextCommit();
                check.commit();
                throw failure;
            }
            catch (FsmConflictException | LockTimeoutException | StorageUnavailableException ex) {
                if (ex == failure) {
                    throw failure;
                }
                // a check begun before the deadline may wait for the lock a lost release left behind
                if (System.nanoTime() - deadline > 0 || !pause.test(backOff)) {
                    throw new StorageUnavailableException("Work on " + key + " may or may not have been applied: its"
                            + " commit and every check until the lock wait passed failed (" + ex.getMessage() + ")",
                            failure);
                }
                Duration doubled = backOff.multipliedBy(2);
                backOff = doubled.compareTo(UpdateDispatcher.MAX_RETRY) < 0 ? doubled : UpdateDispatcher.MAX_RETRY;
            }
        }
    }
}
