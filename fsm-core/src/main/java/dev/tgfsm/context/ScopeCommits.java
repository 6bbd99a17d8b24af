package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * operation is never applied without being cleared; a scope another update changed meanwhile is
     * read again and the write tried again (the lock stays held through a conflict).
     */
    private void applyTogether(ScopeOperations.Operation operation, Slot main, LeaseKeeper.@Nullable Held releasing) {
        Map<DataScope, FsmRecord> bases = new EnumMap<>(DataScope.class);
        operation.changes().keySet().forEach(scope -> bases.put(scope, scopes.apply(scope).current(storage)));
        forget(main, Set.of(operation.id()));
        for (int attempt = 1;; attempt++) {
            List<RecordWrite> written = new ArrayList<>(bases.size());
            List<WriteBatch> others = new ArrayList<>(bases.size());
            for (Map.Entry<DataScope, ScopeChanges> change : operation.changes().entrySet()) {
                RecordWrite write = scopes.apply(change.getKey())
                        .writeOnce(storage, bases.get(change.getKey()), operation.id(), change.getValue());
                if (write != null) {
                    written.add(write);
                    others.add(WriteBatch.of(write));
                }
            }
            RecordWrite clear = main.toWrite();
            List<RecordWrite> clearing = clear == null ? List.of() : List.of(clear);
            try {
                if (releasing != null) {
                    releasing.releaseTogether(storage, clearing, others);
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
                if (conflicted == null || attempt >= ScopedData.MAX_ATTEMPTS) {
                    throw ex;
                }
                bases.put(conflicted, storage.load(conflicted.keyOf(key)));
                continue;
            }
            if (clear != null) {
                main.committed(clear);
            }
            for (RecordWrite write : written) {
                scopes.apply(DataScope.ofDestiny(write.key().destiny()).orElseThrow()).written(write);
            }
            return;
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

    /**
     * Applies an operation to its scope records, each in a write of its own: one scope with
     * {@link ScopedData#applyOnce}, several sent together ({@link FsmStorage#saveEach}: one round
     * trip on Redis, whatever slots they live in), a scope another update changed meanwhile read
     * again and written again.
     */
    private void apply(ScopeOperations.Operation operation) {
        if (operation.changes().size() == 1) {
            operation.changes()
                    .forEach((scope, changes) -> scopes.apply(scope).applyOnce(storage, operation.id(), changes));
            return;
        }
        Map<DataScope, FsmRecord> bases = new EnumMap<>(DataScope.class);
        for (DataScope scope : operation.changes().keySet()) {
            bases.put(scope, scopes.apply(scope).current(storage));
        }
        for (int attempt = 1; !bases.isEmpty(); attempt++) {
            List<DataScope> order = new ArrayList<>(bases.size());
            List<RecordWrite> writes = new ArrayList<>(bases.size());
            List<WriteBatch> batches = new ArrayList<>(bases.size());
            for (Map.Entry<DataScope, FsmRecord> base : bases.entrySet()) {
                RecordWrite write = scopes.apply(base.getKey()).writeOnce(storage, base.getValue(), operation.id(),
                        operation.changes().get(base.getKey()));
                if (write != null) {
                    order.add(base.getKey());
                    writes.add(write);
                    batches.add(WriteBatch.of(write));
                }
            }
            bases.clear();
            List<RuntimeException> failures = batches.isEmpty() ? List.of() : storage.saveEach(batches);
            RuntimeException failed = null;
            List<StorageKey> again = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                RuntimeException failure = failures.get(i);
                if (failure == null) {
                    scopes.apply(order.get(i)).written(writes.get(i));
                }
                else if (failure instanceof FsmConflictException && attempt < ScopedData.MAX_ATTEMPTS) {
                    again.add(writes.get(i).key());
                }
                else if (failed == null) {
                    failed = failure;
                }
            }
            if (failed != null) {
                throw failed;
            }
            if (!again.isEmpty()) {
                Map<StorageKey, FsmRecord> fresh = storage.loadAll(again);
                for (StorageKey k : again) {
                    bases.put(Objects.requireNonNull(scopeOf(k)), fresh.getOrDefault(k, FsmRecord.EMPTY));
                }
            }
        }
    }

    /** Removes operations from the main record's bookkeeping (a buffered change). */
    private static void forget(Slot main, Set<String> ids) {
        List<ScopeOperations.Operation> recorded = new ArrayList<>(
                ScopeOperations.read(main.bookkeeping(ScopeOperations.PENDING)));
        recorded.removeIf(o -> ids.contains(o.id()));
        main.setBookkeeping(ScopeOperations.PENDING, ScopeOperations.write(recorded));
    }
}
