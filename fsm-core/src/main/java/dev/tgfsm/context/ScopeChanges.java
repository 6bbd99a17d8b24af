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

    /** A copy of these changes, apart from later ones. */
    ScopeChanges copy() {
        ScopeChanges copy = new ScopeChanges();
        copy.ops.addAll(ops);
        return copy;
    }

    /** Takes over the changes of another unit of work, after these, and returns them applied to {@code data}. */
    Map<String, @Nullable Object> append(Map<String, @Nullable Object> data, ScopeChanges other) {
        for (Op op : other.ops) {
            ops.add(op);
            data = apply(data, op);
        }
        return data;
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
     * @return the changed record, {@code null} to delete it, or the record itself if nothing changes
     */
    @Nullable FsmRecord applyTo(FsmRecord base) {
        Map<String, @Nullable Object> data = base.data();
        for (Op op : ops) {
            data = apply(data, op);
        }
        if (data.equals(base.data())) {
            return base;
        }
        if (data.isEmpty() && base.state() == null) {
            return base.exists() ? null : base;
        }
        return base.withData(data);
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
