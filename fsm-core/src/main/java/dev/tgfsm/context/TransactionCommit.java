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
import dev.tgfsm.storage.FsmStorage;
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
 * <p>Not thread-safe: used only while holding the transaction's monitor.
 */
final class TransactionCommit {

    private static final Logger log = LoggerFactory.getLogger(TransactionCommit.class);

    private final FsmTransaction owner;

    private final FsmStorage storage;

    private final StorageKey key;

    private final TransactionSlots slots;

    private final ScopeCommits scopeCommits;

    private final TransactionOutbox outbox;

    /** The lock taken when the unit of work began, or {@code null} without one. */
    private final LeaseKeeper.@Nullable Held lock;

    /** The deadline index change the next commit carries, or {@code null} for none. */
    private @Nullable DeadlineChange deadline;

    TransactionCommit(FsmTransaction owner, FsmStorage storage, StorageKey key, TransactionSlots slots,
            ScopeCommits scopeCommits, TransactionOutbox outbox, LeaseKeeper.@Nullable Held lock) {
        this.owner = owner;
        this.storage = storage;
        this.key = key;
        this.slots = slots;
        this.scopeCommits = scopeCommits;
        this.outbox = outbox;
        this.lock = lock;
    }

    @Nullable
    DeadlineChange deadline() {
        return deadline;
    }

    void deadline(DeadlineChange change) {
        deadline = change;
    }

    /** See {@link FsmTransaction#commit()}. */
    void commit() {
        owner.finishInherited();
        ScopeOperations.Operation operation = recordScopeOperation();
        boolean releasing = lock != null && !lock.isReleased();
        OutboxRelay.Prepared effects = null;
        try {
            effects = prepareOutbox(releasing);
        }
        catch (RuntimeException ex) {
            giveBack(operation);
            outbox.notPrepared(ex);
            throw ex;
        }
        List<RecordWrite> writes = slots.pendingWrites();
        DeadlineChange riding = deadline;
        if (riding != null && (writes.isEmpty() || !DeadlineIndex.of(storage).commitsDeadlines())) {
            riding.applyTo(storage);
            deadline = null;
            riding = null;
        }
        try {
            if (writes.isEmpty()) {
                if (releasing) {
                    lock.release(storage, null);
                }
                outbox.runAfterCommit();
                return;
            }
            try {
                if (releasing && operation == null) {
                    lock.release(storage, writes, riding);
                }
                else {
                    // with a scope operation the lock is released by the write that clears it
                    storage.save(new WriteBatch(writes, null, null, riding));
                }
                deadline = null;
            }
            catch (RuntimeException ex) {
                giveBack(operation);
                outbox.notWritten(effects, ex);
                throw ex;
            }
            log.debug("Committed {} slot(s) of {}", writes.size(), key);
            written(writes, operation, effects, releasing ? lock : null);
        }
        finally {
            if (releasing) {
                owner.finish();
            }
        }
    }

    /** Releases the lock if it is still held; when the store cannot be reached, the lease lapses by itself. */
    void releaseLock() {
        if (lock != null && !lock.isReleased()) {
            try {
                lock.release(storage, null);
            }
            catch (RuntimeException ex) {
                log.warn("Could not release the lock of {}; it expires by itself: {}", key, ex.toString());
            }
        }
    }

    /**
     * Prepares the commit for a write shared with other conversations' units of work: the outbox
     * changes the main record, and the writes are returned instead of written. Only for a unit of
     * work without a lock and without a deadline change.
     */
    SharedPart prepareShared() {
        if (lock != null || deadline != null) {
            throw new IllegalStateException("Only a unit of work without a lock or deadline change shares a write");
        }
        OutboxRelay.Prepared effects;
        try {
            effects = prepareOutbox(false);
        }
        catch (RuntimeException ex) {
            outbox.notPrepared(ex);
            throw ex;
        }
        owner.finishInherited();
        ScopeOperations.Operation operation = recordScopeOperation();
        return new SharedPart(slots.pendingWrites(), operation, effects);
    }

    /** Finishes a commit whose writes went into a shared write, as {@link #commit()} does after its own. */
    void sharedWriteDone(SharedPart part, @Nullable RuntimeException failure) {
        if (failure != null) {
            giveBack(part.operation());
            outbox.notWritten(part.effects(), failure);
            return;
        }
        written(part.writes(), part.operation(), part.effects(), null);
    }

    /** After the write succeeded: the slots count as committed, the scopes are written, the outbox sends. */
    private void written(List<RecordWrite> writes, ScopeOperations.@Nullable Operation operation,
            OutboxRelay.@Nullable Prepared effects, LeaseKeeper.@Nullable Held releasing) {
        slots.committed(writes);
        if (operation != null) {
            scopeCommits.applyCommitted(operation, slots.slot(StorageKey.DEFAULT_DESTINY), releasing);
        }
        if (!writes.isEmpty()) {
            outbox.written(effects);
        }
        outbox.runAfterCommit();
    }

    /**
     * Records the buffered scope changes as one operation in the main record's bookkeeping, to be
     * written with the commit; loads the main slot if needed.
     *
     * @return the operation, or {@code null} when no scope changed
     */
    private ScopeOperations.@Nullable Operation recordScopeOperation() {
        if (!slots.scopesDirty()) {
            return null;
        }
        return scopeCommits.record(slots.scopes(), owner.main());
    }

    private void giveBack(ScopeOperations.@Nullable Operation operation) {
        scopeCommits.giveBack(operation, slots.existing(StorageKey.DEFAULT_DESTINY));
    }

    /**
     * Lets the outbox change the main record before the write: only when the main slot is loaded
     * anyway or calls are queued, so a unit of work that never read its record costs no extra read.
     */
    private OutboxRelay.@Nullable Prepared prepareOutbox(boolean releasing) {
        if (!outbox.relays()) {
            return null;
        }
        Slot main = slots.loadedMain();
        if (main == null) {
            if (!outbox.queued()) {
                return null;
            }
            main = owner.main();
        }
        return outbox.prepare(main, releasing || slots.isDirty());
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
