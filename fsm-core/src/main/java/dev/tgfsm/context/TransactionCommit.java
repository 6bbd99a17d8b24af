package dev.tgfsm.context;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * The commit of one unit of work ({@link FsmTransaction}), assembled from its parts: the scope
 * operations an earlier commit left are finished, the buffered scope changes are recorded as one
 * operation in the main record, the outbox prepares its calls into the main record, and the changed
 * slots are written in one batch with the deadline change (where the storage commits deadlines) and
 * the lock's release. After the write the slots count as committed, the scope operation is applied,
 * the outbox sends and the after-commit work runs; after a failed write the scope operation is given
 * back and nothing is sent. The same assembly serves a write shared with other conversations
 * ({@link SharedWrite}), written by the caller.
 *
 * <p>Stateless (the transaction holds the lock and the pending deadline), so a unit of work allocates
 * nothing for it; not thread-safe: used only while holding the transaction's monitor.
 */
final class TransactionCommit {

    private static final Logger log = LoggerFactory.getLogger(TransactionCommit.class);

    private TransactionCommit() {
    }

    /** See {@link FsmTransaction#commit()}. */
    static void commit(FsmTransaction tx) {
        LeaseKeeper.@Nullable Held lock = tx.lock();
        tx.finishInherited();
        ScopeOperations.Operation operation = recordScopeOperation(tx);
        boolean releasing = lock != null && !lock.isReleased();
        OutboxRelay.Prepared effects = null;
        try {
            effects = prepareOutbox(tx, releasing);
        }
        catch (RuntimeException ex) {
            giveBack(tx, operation);
            tx.outboxPart().notPrepared(ex);
            throw ex;
        }
        List<RecordWrite> writes = tx.slots().pendingWrites();
        DeadlineChange riding = tx.deadline();
        if (riding != null && (writes.isEmpty() || !DeadlineIndex.of(tx.storage()).commitsDeadlines())) {
            riding.applyTo(tx.storage());
            tx.deadline(null);
            riding = null;
        }
        try {
            if (writes.isEmpty()) {
                if (releasing) {
                    lock.release(tx.storage(), null);
                }
                tx.outboxPart().runAfterCommit();
                return;
            }
            try {
                if (releasing && operation == null) {
                    lock.release(tx.storage(), writes, riding);
                }
                else {
                    // with a scope operation the lock is released by the write that clears it
                    tx.storage().save(new WriteBatch(writes, null, null, riding));
                }
                tx.deadline(null);
            }
            catch (RuntimeException ex) {
                giveBack(tx, operation);
                tx.outboxPart().notWritten(effects, ex);
                throw ex;
            }
            log.debug("Committed {} slot(s) of {}", writes.size(), tx.key());
            written(tx, writes, operation, effects, releasing ? lock : null);
        }
        finally {
            if (releasing) {
                tx.finish();
            }
        }
    }

    /** Releases the lock if it is still held; when the store cannot be reached, the lease lapses by itself. */
    static void releaseLock(FsmTransaction tx) {
        LeaseKeeper.@Nullable Held lock = tx.lock();
        if (lock != null && !lock.isReleased()) {
            try {
                lock.release(tx.storage(), null);
            }
            catch (RuntimeException ex) {
                log.warn("Could not release the lock of {}; it expires by itself: {}", tx.key(), ex.toString());
            }
        }
    }

    /**
     * Prepares the commit for a write shared with other conversations' units of work: the outbox
     * changes the main record, and the writes are returned instead of written. Only for a unit of
     * work without a lock and without a deadline change.
     */
    static SharedPart prepareShared(FsmTransaction tx) {
        if (tx.lock() != null || tx.deadline() != null) {
            throw new IllegalStateException("Only a unit of work without a lock or deadline change shares a write");
        }
        OutboxRelay.Prepared effects;
        try {
            effects = prepareOutbox(tx, false);
        }
        catch (RuntimeException ex) {
            tx.outboxPart().notPrepared(ex);
            throw ex;
        }
        tx.finishInherited();
        ScopeOperations.Operation operation = recordScopeOperation(tx);
        return new SharedPart(tx.slots().pendingWrites(), operation, effects);
    }

    /** Finishes a commit whose writes went into a shared write, as {@link #commit()} does after its own. */
    static void sharedWriteDone(FsmTransaction tx, SharedPart part, @Nullable RuntimeException failure) {
        if (failure != null) {
            giveBack(tx, part.operation());
            tx.outboxPart().notWritten(part.effects(), failure);
            return;
        }
        written(tx, part.writes(), part.operation(), part.effects(), null);
    }

    /** After the write succeeded: the slots count as committed, the scopes are written, the outbox sends. */
    private static void written(FsmTransaction tx, List<RecordWrite> writes,
            ScopeOperations.@Nullable Operation operation,
            OutboxRelay.@Nullable Prepared effects, LeaseKeeper.@Nullable Held releasing) {
        tx.slots().committed(writes);
        if (operation != null) {
            tx.scopeCommits().applyCommitted(operation, tx.slots().slot(StorageKey.DEFAULT_DESTINY), releasing);
        }
        if (!writes.isEmpty()) {
            tx.outboxPart().written(effects);
        }
        tx.outboxPart().runAfterCommit();
    }

    /**
     * Records the buffered scope changes as one operation in the main record's bookkeeping, to be
     * written with the commit; loads the main slot if needed.
     *
     * @return the operation, or {@code null} when no scope changed
     */
    private static ScopeOperations.@Nullable Operation recordScopeOperation(FsmTransaction tx) {
        if (!tx.slots().scopesDirty()) {
            return null;
        }
        return tx.scopeCommits().record(tx.slots().scopes(), tx.main());
    }

    private static void giveBack(FsmTransaction tx, ScopeOperations.@Nullable Operation operation) {
        if (operation != null) {
            tx.scopeCommits().giveBack(operation, tx.slots().existing(StorageKey.DEFAULT_DESTINY));
        }
    }

    /**
     * Lets the outbox change the main record before the write: only when the main slot is loaded
     * anyway or calls are queued, so a unit of work that never read its record costs no extra read.
     */
    private static OutboxRelay.@Nullable Prepared prepareOutbox(FsmTransaction tx, boolean releasing) {
        if (!tx.outboxPart().relays()) {
            return null;
        }
        Slot main = tx.slots().loadedMain();
        if (main == null) {
            if (!tx.outboxPart().queued()) {
                return null;
            }
            main = tx.main();
        }
        return tx.outboxPart().prepare(main, releasing || tx.slots().isDirty());
    }

    /**
     * One unit of work's part of a shared write, prepared and not yet written.
     *
     * @param writes the writes of the changed slots, possibly none
     * @param operation the scope operation recorded in the writes, applied once they succeeded
     * @param effects the outbox's prepared calls, sent once the writes succeeded
     */
    record SharedPart(List<RecordWrite> writes, ScopeOperations.@Nullable Operation operation,
            OutboxRelay.@Nullable Prepared effects) {
    }
}
