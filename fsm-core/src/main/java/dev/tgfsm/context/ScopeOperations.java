package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordMap;

/**
 * The scope changes of a commit, recorded durably with the conversation and applied exactly once
 * to the scope records: the bookkeeping behind {@link ScopedData}'s guarantee.
 *
 * <ol>
 * <li>The commit writes, in the same atomic write as the conversation's records, one
 * <em>operation</em> per commit into the main record's bookkeeping ({@value #PENDING}): a random id
 * and the changes of each scope.</li>
 * <li>Then each scope record gets the changes in a version-checked write that also adds the id to
 * the record's memory of applied operations ({@value #APPLIED}, the last {@value #APPLIED_MEMORY}
 * ids); a scope record that already holds the id is left alone, so applying an operation again is a
 * no-op.</li>
 * <li>Then the operation is cleared from the conversation (with the lock's release).</li>
 * </ol>
 * A unit of work that finds operations in the conversation's record (an earlier commit's scope write
 * or clearing failed, timed out, or its process died) finishes them before its handler reads the
 * scope and clears them with its own commit.
 */
final class ScopeOperations {

    /** The main record's bookkeeping entry: the operations not yet cleared. */
    static final String PENDING = "tgfsm.scopeOps";

    /** A scope record's bookkeeping entry: the ids of the last operations applied to it. */
    static final String APPLIED = "tgfsm.applied";

    /**
     * How many applied operation ids a scope record remembers. An operation is cleared from its
     * conversation right after it was applied, so only a conversation whose clearing failed (a crash,
     * the storage gone) and that is not loaded again before this many other operations changed the
     * same scope could apply it twice.
     */
    static final int APPLIED_MEMORY = 128;

    /** One commit's scope changes. */
    record Operation(String id, Map<DataScope, ScopeChanges> changes) {
    }

    private ScopeOperations() {
    }

    /** A new random operation id (60 random bits). */
    static String newId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 4, 36);
    }

    /** The operations the bookkeeping entry holds, in the order they were committed. */
    static List<Operation> read(@Nullable Object stored) {
        if (!(stored instanceof List<?> list) || list.isEmpty()) {
            return List.of();
        }
        List<Operation> operations = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry) || !(entry.get("id") instanceof String id)) {
                throw new IllegalArgumentException("Not a scope operation: " + item);
            }
            Map<DataScope, ScopeChanges> changes = new EnumMap<>(DataScope.class);
            for (DataScope scope : DataScope.values()) {
                Object ops = entry.get(scope.name());
                if (ops != null) {
                    changes.put(scope, ScopeChanges.fromPlain(ops));
                }
            }
            operations.add(new Operation(id, changes));
        }
        return operations;
    }

    /** The bookkeeping entry holding the operations, {@code null} for none. */
    static @Nullable Object write(List<Operation> operations) {
        if (operations.isEmpty()) {
            return null;
        }
        List<Object> list = new ArrayList<>(operations.size());
        for (Operation operation : operations) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", operation.id());
            operation.changes().forEach((scope, changes) -> entry.put(scope.name(), changes.toPlain()));
            list.add(entry);
        }
        return list;
    }

    /** Tells whether a scope record has applied an operation. */
    static boolean applied(FsmRecord scope, String id) {
        return scope.meta().get(APPLIED) instanceof List<?> ids && ids.contains(id);
    }

    /** The scope record's metadata with an operation's id remembered, the oldest forgotten past the memory. */
    static Map<String, @Nullable Object> remember(Map<String, @Nullable Object> meta, String id) {
        List<Object> ids = new ArrayList<>(meta.get(APPLIED) instanceof List<?> old ? old : List.of());
        ids.add(id);
        if (ids.size() > APPLIED_MEMORY) {
            ids = new ArrayList<>(ids.subList(ids.size() - APPLIED_MEMORY, ids.size()));
        }
        Map<String, @Nullable Object> next = new LinkedHashMap<>(meta);
        next.put(APPLIED, List.copyOf(ids));
        return RecordMap.copyOf(next);
    }
}
