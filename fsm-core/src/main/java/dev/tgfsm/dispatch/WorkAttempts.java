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
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.LockTimeoutException;

/**
 * Runs a {@link ConversationWork} in the conversation's unit of work and commits it: up to
 * {@link #MAX_ATTEMPTS} times when another writer got in first or the lock stayed busy, with the
 * dispatcher's back-off; any other failure (the storage unavailable, a bad flow name) ends it at
 * once, with nothing committed.
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
                return once(identity, key, botId, botUsername, work);
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
            ConversationWork<T> work) throws Exception {
        try (FsmTransaction tx = contexts.begin(key)) {
            UpdateContext conversation = new UpdateContext(new Update(), identity, key, tx, botId, botUsername);
            Object[] result = {null};
            pipeline.handleWork(conversation, inside -> result[0] = work.run(inside));
            tx.commit();
            @SuppressWarnings("unchecked")
            T typed = (T) result[0];
            return typed;
        }
    }
}
