package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * The scope operations of one unit of work ({@link FsmTransaction}): the one its commit records in
 * the conversation's main record and applies after the write, and those an earlier commit left
 * there (its scope write or clearing failed, timed out, or its process died), which it finishes
 * before a scope is read or the conversation committed. The bookkeeping's form is
 * {@link ScopeOperations}'s; the guarantee is described on {@link ScopedData}.
 */
final class ScopeCommits {

    /** How often a scope write is tried against a fresh record before it gives up. */
    static final int MAX_ATTEMPTS = 1000;

    private static final Logger log = LoggerFactory.getLogger(ScopeCommits.class);

    private final FsmStorage storage;

    private final StorageKey key;

    /** The scope data of the unit of work, by scope, created on demand. */
    private final Function<DataScope, ScopedData> scopes;

    /** The operations an earlier commit recorded and did not clear, as the main record was loaded. */
    private List<ScopeOperations.Operation> inherited = List.of();

    ScopeCommits(FsmStorage storage, StorageKey key, Function<DataScope, ScopedData> scopes) {
        this.storage = storage;
        this.key = key;
        this.scopes = scopes;
    }

    /** Takes note of the operations the loaded main record holds. */
    void loaded(Slot main) {
        inherited = ScopeOperations.read(main.bookkeeping(ScopeOperations.PENDING));
    }

    /**
     * Applies the operations an earlier commit recorded and did not clear, once each, and has the
     * next commit clear them from the main record.
     */
    void finishInherited(Slot main) {
        if (inherited.isEmpty()) {
            return;
        }
        List<ScopeOperations.Operation> done = inherited;
        for (ScopeOperations.Operation operation : done) {
            apply(operation);
        }
        inherited = List.of();
        forget(main, done.stream().map(ScopeOperations.Operation::id).collect(Collectors.toSet()));
        log.debug("Applied {} scope operation(s) an earlier commit of {} recorded", done.size(), key);
    }

    /**
     * Records the buffered changes of the scopes as one operation in the loaded main record, to be
     * written with the commit.
     *
     * @return the operation, or {@code null} when no scope changed
     */
    ScopeOperations.@Nullable Operation record(Collection<ScopedData> touched, Slot main) {
        Map<DataScope, ScopeChanges> changes = null;
        for (ScopedData data : touched) {
            if (data.isDirty()) {
                if (changes == null) {
                    changes = new EnumMap<>(DataScope.class);
                }
                changes.put(data.scope(), data.takeChanges());
            }
        }
        if (changes == null) {
            return null;
        }
        ScopeOperations.Operation operation = new ScopeOperations.Operation(ScopeOperations.newId(), changes);
        List<ScopeOperations.Operation> recorded = new ArrayList<>(
                ScopeOperations.read(main.bookkeeping(ScopeOperations.PENDING)));
        recorded.add(operation);
        main.setBookkeeping(ScopeOperations.PENDING, ScopeOperations.write(recorded));
        return operation;
    }

    /** Undoes {@link #record} after a commit that failed: the changes are buffered again. */
    void giveBack(ScopeOperations.@Nullable Operation operation, @Nullable Slot main) {
        if (operation == null) {
            return;
        }
        operation.changes().forEach((scope, changes) -> scopes.apply(scope).giveBack(changes));
        if (main != null && main.isLoaded()) {
            forget(main, Set.of(operation.id()));
        }
    }

    /**
     * Applies a committed operation to the scope records and clears it from the main record,
     * releasing the lock with that when {@code releasing} is given: in one atomic write where the
     * storage {@linkplain FsmStorage#writesTogether writes} the scopes together with the conversation
     * (standalone Redis, SQL, memory; on a Redis Cluster a user's data with the user's private chat),
     * else a write per scope and then the clearing. When that fails, the operation stays recorded in
     * the main record and the conversation's next unit of work finishes it; the lock is released on
     * its own.
     */
    void applyCommitted(ScopeOperations.Operation operation, Slot main, LeaseKeeper.@Nullable Held releasing) {
        try {
            if (writesTogether(operation)) {
                applyTogether(operation, main, releasing);
                return;
            }
            apply(operation);
            forget(main, Set.of(operation.id()));
            RecordWrite clear = main.toWrite();
            if (clear != null) {
                if (releasing != null) {
                    releasing.release(storage, List.of(clear));
                }
                else {
                    storage.save(WriteBatch.of(clear));
                }
                main.committed(clear);
            }
            else if (releasing != null) {
                releasing.release(storage, null);
            }
        }
        catch (RuntimeException ex) {
            main.discardChanges();
            loaded(main);
            log.warn("The scope changes of {} are stored with its committed conversation and are applied by its next"
                    + " unit of work: applying them now failed: {}", key, ex.toString());
            if (releasing != null && !releasing.isReleased()) {
                try {
                    releasing.release(storage, null);
                }
                catch (RuntimeException unlock) {
                    log.debug("Could not release the lock of {}; it lapses by itself: {}", key, unlock.toString());
                }
            }
        }
    }

    private boolean writesTogether(ScopeOperations.Operation operation) {
        for (DataScope scope : operation.changes().keySet()) {
            if (!storage.writesTogether(key, scope.keyOf(key))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The scope writes and the clearing in one atomic write ({@link FsmStorage#saveTogether}), so an
     * operation is never applied without being cleared; a conflict is handled by {@link #writeScopes}.
     */
    private void applyTogether(ScopeOperations.Operation operation, Slot main, LeaseKeeper.@Nullable Held releasing) {
        forget(main, Set.of(operation.id()));
        writeScopes(operation, writes -> {
            RecordWrite clear = main.toWrite();
            List<WriteBatch> others = new ArrayList<>(writes.size());
            writes.values().forEach(write -> others.add(WriteBatch.of(write)));
            try {
                if (releasing != null) {
                    releasing.releaseTogether(storage, clear == null ? List.of() : List.of(clear), others);
                }
                else if (!others.isEmpty() || clear != null) {
                    List<WriteBatch> batches = new ArrayList<>(others.size() + 1);
                    if (clear != null) {
                        batches.add(WriteBatch.of(clear));
                    }
                    batches.addAll(others);
                    storage.saveTogether(batches);
                }
            }
            catch (FsmConflictException ex) {
                DataScope conflicted = scopeOf(ex.key());
                if (conflicted == null) {
                    throw ex;
                }
                return Attempt.conflicted(conflicted, ex);
            }
            if (clear != null) {
                main.committed(clear);
            }
            return new Attempt(writes.keySet(), Map.of(), null);
        });
    }

    /**
     * Applies an operation to its scope records, each in a write of its own: one scope with
     * {@link FsmStorage#save}, several sent together ({@link FsmStorage#saveEach}: one round trip on
     * Redis, whatever slots they live in); a conflict is handled by {@link #writeScopes}.
     */
    private void apply(ScopeOperations.Operation operation) {
        writeScopes(operation, writes -> {
            if (writes.isEmpty()) {
                return new Attempt(Set.of(), Map.of(), null);
            }
            List<DataScope> order = new ArrayList<>(writes.keySet());
            List<RuntimeException> failures;
            if (order.size() == 1) {
                RuntimeException failure = null;
                try {
                    storage.save(WriteBatch.of(writes.get(order.get(0))));
                }
                catch (FsmConflictException ex) {
                    failure = ex;
                }
                failures = Collections.singletonList(failure);
            }
            else {
                List<WriteBatch> batches = new ArrayList<>(order.size());
                order.forEach(scope -> batches.add(WriteBatch.of(writes.get(scope))));
                failures = storage.saveEach(batches);
            }
            Set<DataScope> written = EnumSet.noneOf(DataScope.class);
            Map<DataScope, FsmConflictException> conflicts = new EnumMap<>(DataScope.class);
            RuntimeException failed = null;
            for (int i = 0; i < order.size(); i++) {
                RuntimeException failure = failures.get(i);
                if (failure == null) {
                    written.add(order.get(i));
                }
                else if (failure instanceof FsmConflictException conflict) {
                    conflicts.put(order.get(i), conflict);
                }
                else if (failed == null) {
                    failed = failure;
                }
            }
            return new Attempt(written, conflicts, failed);
        });
    }

    /** How one attempt sends the scope writes it is given (possibly none). */
    @FunctionalInterface
    private interface ScopeWriter {

        /**
         * Sends the writes.
         *
         * @return the scopes written and the scopes whose write conflicted (those wrote nothing)
         */
        Attempt send(Map<DataScope, RecordWrite> writes);
    }

    /**
     * What one attempt came to: the scopes written, those whose write conflicted (nothing of them
     * written), and a failure other than a conflict, thrown once the written ones are noted.
     */
    private record Attempt(Set<DataScope> written, Map<DataScope, FsmConflictException> conflicts,
            @Nullable RuntimeException failed) {

        static Attempt conflicted(DataScope scope, FsmConflictException conflict) {
            return new Attempt(Set.of(), Map.of(scope, conflict), null);
        }
    }

    /**
     * Writes an operation's changes to its scope records until each holds them once: the one place
     * of the retry rule. Each attempt makes a version-checked write per scope on the record last
     * known (none for a record that remembers the operation already, see
     * {@link ScopedData#writeOnce}) and hands them to the writer. A write that conflicts (another
     * update changed the scope meanwhile) wrote nothing and the lock stays held: the scope is read
     * again and its write tried again, up to {@value #MAX_ATTEMPTS} attempts; any other
     * failure ends the work (the operation stays recorded in the conversation for its next unit of
     * work).
     */
    private void writeScopes(ScopeOperations.Operation operation, ScopeWriter writer) {
        Map<DataScope, FsmRecord> bases = new EnumMap<>(DataScope.class);
        operation.changes().keySet().forEach(scope -> bases.put(scope, scopes.apply(scope).current(storage)));
        for (int attempt = 1;; attempt++) {
            Map<DataScope, RecordWrite> writes = new EnumMap<>(DataScope.class);
            for (Map.Entry<DataScope, FsmRecord> base : bases.entrySet()) {
                RecordWrite write = scopes.apply(base.getKey()).writeOnce(storage, base.getValue(), operation.id(),
                        operation.changes().get(base.getKey()));
                if (write != null) {
                    writes.put(base.getKey(), write);
                }
            }
            Attempt outcome = writer.send(writes);
            for (DataScope scope : outcome.written()) {
                scopes.apply(scope).written(writes.get(scope));
                bases.remove(scope);
            }
            if (outcome.failed() != null) {
                throw outcome.failed();
            }
            if (outcome.conflicts().isEmpty()) {
                return;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw outcome.conflicts().values().iterator().next();
            }
            bases.keySet().removeIf(scope -> !writes.containsKey(scope));
            List<StorageKey> again = new ArrayList<>(outcome.conflicts().size());
            outcome.conflicts().keySet().forEach(scope -> again.add(scope.keyOf(key)));
            if (again.size() == 1) {
                bases.put(outcome.conflicts().keySet().iterator().next(), storage.load(again.get(0)));
            }
            else {
                Map<StorageKey, FsmRecord> fresh = storage.loadAll(again);
                outcome.conflicts().keySet()
                        .forEach(scope -> bases.put(scope, fresh.getOrDefault(scope.keyOf(key), FsmRecord.EMPTY)));
            }
        }
    }

    /** The scope whose record has this key, or {@code null} for a key of the conversation. */
    private @Nullable DataScope scopeOf(StorageKey written) {
        for (DataScope scope : DataScope.values()) {
            if (scope.keyOf(key).equals(written)) {
                return scope;
            }
        }
        return null;
    }

    /** Removes operations from the main record's bookkeeping (a buffered change). */
    private static void forget(Slot main, Set<String> ids) {
        List<ScopeOperations.Operation> recorded = new ArrayList<>(
                ScopeOperations.read(main.bookkeeping(ScopeOperations.PENDING)));
        recorded.removeIf(o -> ids.contains(o.id()));
        main.setBookkeeping(ScopeOperations.PENDING, ScopeOperations.write(recorded));
    }
}
