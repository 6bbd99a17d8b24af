package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordMap;

/**
 * The changes one unit of work made to a {@link ScopedData}, kept as operations so that they can be
 * applied again to a record another writer changed meanwhile.
 */
final class ScopeChanges {

    /** One change: set (or remove, when the value is {@code null}) an entry, add to it, or clear all. */
    private record Op(Kind kind, @Nullable String name, @Nullable Object value, long delta) {
    }

    private enum Kind { SET, ADD, CLEAR }

    private final List<Op> ops = new ArrayList<>(2);

    boolean isEmpty() {
        return ops.isEmpty();
    }

    void reset() {
        ops.clear();
    }

    /** Adds other changes after these. */
    void addAll(ScopeChanges other) {
        ops.addAll(other.ops);
    }

    /** A copy of these changes, apart from later ones. */
    ScopeChanges copy() {
        ScopeChanges copy = new ScopeChanges();
        copy.ops.addAll(ops);
        return copy;
    }

    /** These changes applied to {@code data}, without keeping them. */
    Map<String, @Nullable Object> appliedTo(Map<String, @Nullable Object> data) {
        for (Op op : ops) {
            data = apply(data, op);
        }
        return data;
    }

    /**
     * These changes as plain JSON values, for the conversation's record: {@code ["s", name, value]},
     * {@code ["a", name, delta]}, {@code ["c"]}.
     */
    List<Object> toPlain() {
        List<Object> plain = new ArrayList<>(ops.size());
        for (Op op : ops) {
            plain.add(switch (op.kind()) {
                case SET -> {
                    List<Object> set = new ArrayList<>(3);
                    set.add("s");
                    set.add(op.name());
                    set.add(op.value());
                    yield set;
                }
                case ADD -> List.of("a", op.name(), op.delta());
                case CLEAR -> List.of("c");
            });
        }
        return plain;
    }

    /** The changes {@link #toPlain} wrote, read back. */
    static ScopeChanges fromPlain(Object plain) {
        ScopeChanges changes = new ScopeChanges();
        if (!(plain instanceof List<?> list)) {
            throw new IllegalArgumentException("Scope operations must be a list, not " + plain);
        }
        for (Object item : list) {
            if (!(item instanceof List<?> op) || op.isEmpty()) {
                throw new IllegalArgumentException("Not a scope operation: " + item);
            }
            switch (String.valueOf(op.get(0))) {
                case "s" -> changes.ops.add(new Op(Kind.SET, (String) op.get(1), op.get(2), 0));
                case "a" ->
                    changes.ops.add(new Op(Kind.ADD, (String) op.get(1), null, ((Number) op.get(2)).longValue()));
                case "c" -> changes.ops.add(new Op(Kind.CLEAR, null, null, 0));
                default -> throw new IllegalArgumentException("Not a scope operation: " + item);
            }
        }
        return changes;
    }

    Map<String, @Nullable Object> set(Map<String, @Nullable Object> data, String name, @Nullable Object plain) {
        Object old = data.get(name);
        if (plain == null ? !data.containsKey(name) : plain.equals(old)) {
            return data;
        }
        Op op = new Op(Kind.SET, name, plain, 0);
        ops.add(op);
        return apply(data, op);
    }

    Map<String, @Nullable Object> add(Map<String, @Nullable Object> data, String name, long delta) {
        Op op = new Op(Kind.ADD, name, null, delta);
        Map<String, @Nullable Object> next = apply(data, op);
        ops.add(op);
        return next;
    }

    /** Clears every entry but the library's own ({@link ScopedData#isInternal}), which a clear keeps. */
    Map<String, @Nullable Object> clear(Map<String, @Nullable Object> data) {
        Op op = new Op(Kind.CLEAR, null, null, 0);
        ops.add(op);
        return apply(data, op);
    }

    /**
     * Applies every change to a record.
     *
     * @return the record with the changed data, or the record itself if nothing changes
     */
    FsmRecord applyTo(FsmRecord base) {
        Map<String, @Nullable Object> data = appliedTo(base.data());
        return data.equals(base.data()) ? base : base.withData(data);
    }

    private static Map<String, @Nullable Object> apply(Map<String, @Nullable Object> data, Op op) {
        if (op.kind() == Kind.CLEAR) {
            Map<String, @Nullable Object> kept = new LinkedHashMap<>();
            data.forEach((name, value) -> {
                if (ScopedData.isInternal(name)) {
                    kept.put(name, value);
                }
            });
            return kept.isEmpty() ? Map.of() : RecordMap.copyOf(kept);
        }
        Map<String, @Nullable Object> next = new LinkedHashMap<>(data);
        if (op.kind() == Kind.SET) {
            if (op.value() == null) {
                next.remove(op.name());
            }
            else {
                next.put(op.name(), op.value());
            }
        }
        else {
            Object old = data.get(op.name());
            if (old != null && !(old instanceof Integer || old instanceof Long)) {
                throw new IllegalStateException("Entry '" + op.name() + "' holds " + old
                        + ", not a whole number, so it cannot be incremented");
            }
            next.put(op.name(), Math.addExact(old == null ? 0L : ((Number) old).longValue(), op.delta()));
        }
        return RecordMap.copyOf(next);
    }
}
