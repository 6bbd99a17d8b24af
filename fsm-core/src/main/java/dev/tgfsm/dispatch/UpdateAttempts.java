package dev.tgfsm.dispatch;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.codec.FlatJson;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.ScopedData;
import dev.tgfsm.context.SessionMetadata;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * One attempt of an update in its conversation, for the {@link UpdateDispatcher}: opens the unit of
 * work (the rate-limit check riding in the lock request is answered there), skips an update the
 * record shows as handled, runs the pipeline's steps, records the update's id and count, and commits
 * (through the update's {@link Withdrawal}, when it has one). Retries, order and shutdown are the
 * dispatcher's; a record that cannot be decoded goes to the {@link CorruptRecordRecovery}, if one is
 * set. Thread-safe: it keeps no state per update.
 */
final class UpdateAttempts {

    /** Marks a unit of work accepted by {@link UpdateDispatcher#submitGathered}. */
    static final String GATHERED = UpdateDispatcher.class.getName() + ".gathered";

    private final FsmContexts contexts;

    private final UpdatePipeline pipeline;

    private final DispatcherConfig options;

    private volatile @Nullable CorruptRecordRecovery corruptRecords;

    UpdateAttempts(FsmContexts contexts, UpdatePipeline pipeline, DispatcherConfig options) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
    }

    /** Sets the recovery of records that cannot be decoded, or {@code null} for none. */
    void setCorruptRecords(@Nullable CorruptRecordRecovery recovery) {
        this.corruptRecords = recovery;
    }

    /** What one attempt of an update came to. */
    enum Outcome {
        HANDLED(UpdateObserver.Outcome.HANDLED), DUPLICATE(UpdateObserver.Outcome.DUPLICATE),
        DROPPED(UpdateObserver.Outcome.DROPPED);

        final UpdateObserver.Outcome observed;

        Outcome(UpdateObserver.Outcome observed) {
            this.observed = observed;
        }
    }

    /**
     * Runs one attempt: lock and load, the pipeline's steps, commit.
     *
     * @param riding the rate-limit check that rides in the lock request, until it is answered
     * @return handled; a duplicate the record shows as handled before; or dropped by the rate-limit
     *         check that rode in the lock request
     */
    Outcome run(UpdateContext admission, Riding riding, @Nullable Withdrawal withdrawal)
            throws Exception {
        if (admission.identityOrNull() == null) {
            pipeline.handle(admission.enter(null));
            return Outcome.HANDLED;
        }
        try {
            return handleInConversation(admission, riding, withdrawal);
        }
        catch (CorruptRecordException ex) {
            CorruptRecordRecovery recovery = corruptRecords;
            if (recovery == null) {
                throw ex;
            }
            Outcome[] outcome = {Outcome.HANDLED};
            recovery.recover(admission.detached(), admission.key(), ex,
                    () -> outcome[0] = handleInConversation(admission, riding, withdrawal));
            return outcome[0];
        }
    }

    /**
     * Runs the update in its conversation's unit of work; commits only if it is not withdrawn.
     *
     * <p>Scope changes are recorded with the commit and finished by whichever unit of work finds them
     * (see {@link ScopedData}): an attempt that finds the update committed by an
     * earlier attempt whose commit went unanswered applies them, once.
     */
    private Outcome handleInConversation(UpdateContext admission, Riding riding, @Nullable Withdrawal withdrawal)
            throws Exception {
        Update update = admission.update();
        FsmTransaction begun = begin(admission, riding);
        if (begun == null) {
            return Outcome.DROPPED;
        }
        try (FsmTransaction tx = begun) {
            UpdateContext inside = admission.enter(tx);
            boolean gathered = Boolean.TRUE.equals(inside.attribute(GATHERED));
            if (!gathered && isPersistedDuplicate(tx, update)) {
                tx.commit();
                return Outcome.DUPLICATE;
            }
            pipeline.handle(inside);
            if (tx.isDirty() || !tx.outbox().isEmpty()) {
                if (!gathered) {
                    rememberUpdate(tx.context(), update);
                }
                countUpdate(tx.context());
            }
            if (withdrawal == null) {
                tx.commit();
            }
            else {
                withdrawal.commit(tx::commit);
            }
            return Outcome.HANDLED;
        }
    }

    /**
     * Opens the unit of work; the rate-limit check handed to the lock request, if any and not yet
     * answered, rides in it and is answered here (by the storage, or by the failure to reach it).
     *
     * @return the unit of work, or {@code null} when the check dropped the update
     */
    private FsmTransaction begin(UpdateContext admission, Riding riding) {
        LockThrottle check = riding.check;
        long turn = turn(admission.update());
        if (check == null) {
            return FsmTransactions.begin(contexts, admission.key(), null, null, turn);
        }
        boolean[] goesOn = {true};
        FsmTransaction tx;
        try {
            tx = FsmTransactions.begin(contexts, admission.key(), check.request(), result -> {
                riding.check = null;
                goesOn[0] = check.decided(admission, result);
            }, turn);
        }
        catch (StorageUnavailableException ex) {
            if (riding.check == check) {
                riding.check = null;
                if (!check.unavailable(admission, ex)) {
                    riding.storageDown = true;
                    return null;
                }
            }
            throw ex;
        }
        if (tx != null && !goesOn[0]) {
            tx.close();
            return null;
        }
        return tx;
    }

    /**
     * The turn an update's lock asks for: its update id, so that the updates of one conversation
     * waiting on any instances take the lock in update-id order; none for an update without an id.
     */
    private static long turn(Update update) {
        Integer id = update.getUpdateId();
        return id == null || id < 0 ? Lease.NO_TURN : id;
    }

    private boolean isPersistedDuplicate(FsmTransaction tx, Update update) {
        if (options.persistedUpdates() == 0 || update.getUpdateId() == null) {
            return false;
        }
        Object ids = tx.context().getMeta(UpdateDispatcher.META_RECENT_UPDATES);
        return ids instanceof List<?> list && list.contains(update.getUpdateId());
    }

    /** Counts an update that changed the conversation (see {@link SessionMetadata}). */
    private static void countUpdate(FsmContext context) {
        long count = SessionMetadata.countOf(EngineContext.of(context).getMeta(SessionMetadata.META_MESSAGES)) + 1;
        // an Integer while it fits, as the codec stores it anyway: no Long to box and convert
        EngineContext.of(context).setMeta(SessionMetadata.META_MESSAGES,
                count <= Integer.MAX_VALUE ? (Object) (int) count : count);
    }

    /** Stores the update's id with the commit, when ids are stored and it has one. */
    private void rememberUpdate(FsmContext context, Update update) {
        if (options.persistedUpdates() == 0 || update.getUpdateId() == null) {
            return;
        }
        List<?> old = EngineContext.of(context).getMeta(UpdateDispatcher.META_RECENT_UPDATES) instanceof List<?> list
                ? list : List.of();
        // a frozen list of numbers: stored as it is, without a copy
        EngineContext.of(context).setMeta(UpdateDispatcher.META_RECENT_UPDATES,
                FlatJson.window(old, update.getUpdateId(), options.persistedUpdates()));
    }

    /**
     * The rate-limit check riding in an update's lock request until it is answered, and whether the
     * storage could not be reached when it was (the update was then dropped by the failure mode).
     */
    static final class Riding {

        /** No check rides: shared, since nothing is written to it then. */
        static final Riding NONE = new Riding(null);

        @Nullable
        LockThrottle check;

        boolean storageDown;

        Riding(LockThrottle check) {
            this.check = check;
        }
    }
}
