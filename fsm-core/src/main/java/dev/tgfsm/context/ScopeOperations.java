package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
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
 * the record's memory of applied operations ({@value #APPLIED}: each id with its conversation,
 * forgotten only once the conversation no longer holds the operation, see {@link #remember}); a
 * scope record that already holds the id is left alone, so applying an operation again is a
 * no-op.</li>
 * <li>The operation is cleared from the conversation (with the lock's release): in the same atomic
 * write as the scope writes where the storage {@linkplain FsmStorage#writesTogether writes them
 * together} (so there it is never applied without being cleared), else in a write right after.</li>
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
     * How many applied operation ids a scope record remembers before it checks the oldest against
     * their conversations ({@link #remember}): an id is forgotten only once its conversation no
     * longer holds the operation, so no number of other operations makes one apply twice.
     */
    static final int APPLIED_MEMORY = 64;

    /** How many of the newest ids a check leaves alone, so that a check runs once per this many operations at most. */
    static final int APPLIED_UNCHECKED = 32;

    /** The end of a main record's canonical key, left out where a conversation is kept with an applied id. */
    private static final String MAIN_SUFFIX = ":" + StorageKey.DEFAULT_DESTINY;

    /** Renders and parses the conversations kept with applied ids. */
    private static final KeyRenderer KEYS = new KeyRenderer("");

    private static final Logger log = LoggerFactory.getLogger(ScopeOperations.class);

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
        if (scope.meta().get(APPLIED) instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof String text && id.equals(idOf(text))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The scope record's metadata with an operation's id remembered, with the conversation that
     * recorded it. Past {@value #APPLIED_MEMORY} ids, the oldest (all but the newest
     * {@value #APPLIED_UNCHECKED}) are checked against their conversations in one read: an id is
     * forgotten only when its conversation no longer holds the operation (it was cleared, or the
     * conversation is gone), so no conversation can ever find it again; the others stay. The check
     * runs once per {@value #APPLIED_UNCHECKED} ids remembered at most; ids stored before
     * conversations were kept with them are forgotten by age as before.
     */
    static Map<String, @Nullable Object> remember(Map<String, @Nullable Object> meta, String id,
            StorageKey conversation, FsmStorage storage) {
        List<Object> ids = new ArrayList<>(meta.get(APPLIED) instanceof List<?> old ? old : List.of());
        ids.add(id + " " + conversationText(conversation));
        if (ids.size() > APPLIED_MEMORY && (ids.size() - APPLIED_MEMORY - 1) % APPLIED_UNCHECKED == 0) {
            List<Object> checked = ids.subList(0, ids.size() - APPLIED_UNCHECKED);
            List<Object> kept = stillPending(checked, storage);
            List<Object> next = new ArrayList<>(kept.size() + APPLIED_UNCHECKED);
            next.addAll(kept);
            next.addAll(ids.subList(ids.size() - APPLIED_UNCHECKED, ids.size()));
            ids = next;
        }
        Map<String, @Nullable Object> next = new LinkedHashMap<>(meta);
        next.put(APPLIED, List.copyOf(ids));
        return RecordMap.copyOf(next);
    }

    /**
     * The entries whose conversation still holds their operation, read in one call; every entry when
     * the conversations cannot be read (nothing is forgotten then).
     */
    private static List<Object> stillPending(List<Object> entries, FsmStorage storage) {
        Set<StorageKey> conversations = new LinkedHashSet<>();
        for (Object entry : entries) {
            StorageKey conversation = entry instanceof String text ? conversationOf(text) : null;
            if (conversation != null) {
                conversations.add(conversation);
            }
        }
        Map<StorageKey, FsmRecord> records;
        try {
            records = conversations.isEmpty() ? Map.of() : storage.loadAll(conversations);
        }
        catch (RuntimeException ex) {
            log.debug("Could not read the conversations of applied scope operations; keeping their ids: {}",
                    ex.toString());
            return entries;
        }
        List<Object> kept = new ArrayList<>();
        for (Object entry : entries) {
            StorageKey conversation = entry instanceof String text ? conversationOf(text) : null;
            if (conversation == null) {
                continue; // kept before conversations were remembered: forgotten by age
            }
            FsmRecord record = records.getOrDefault(conversation, FsmRecord.EMPTY);
            String id = idOf((String) entry);
            List<Operation> pending;
            try {
                pending = read(record.meta().get(PENDING));
            }
            catch (RuntimeException ex) {
                kept.add(entry);
                continue;
            }
            if (pending.stream().anyMatch(o -> o.id().equals(id))) {
                kept.add(entry);
            }
        }
        return kept;
    }

    /** A conversation as kept with an applied id: its main record's canonical key without the destiny. */
    private static String conversationText(StorageKey conversation) {
        String canonical = KEYS.canonical(conversation.withDestiny(StorageKey.DEFAULT_DESTINY));
        return canonical.substring(0, canonical.length() - MAIN_SUFFIX.length());
    }

    private static String idOf(String entry) {
        int space = entry.indexOf(' ');
        return space < 0 ? entry : entry.substring(0, space);
    }

    private static @Nullable StorageKey conversationOf(String entry) {
        int space = entry.indexOf(' ');
        if (space < 0) {
            return null;
        }
        try {
            return KEYS.parseCanonical(entry.substring(space + 1) + MAIN_SUFFIX);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }
}
