package dev.tgfsm.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;

/**
 * The bounded stack of {@code {state, data}} snapshots used for back navigation, like
 * aiogram's {@code HistoryManager}.
 *
 * <p>The stack lives in its own destiny of the conversation ({@value #DEFAULT_DESTINY} by default),
 * stored as {@code {"history": [{"state": ..., "data": {...}}, ...]}} in that slot's data, so it
 * never mixes with the main state. Inside an update it is committed in the same atomic write as the
 * main record. After every {@link #push} only the last {@code size} entries are kept.
 *
 * <p>A snapshot's data carries the version of its form when the conversation's data is versioned
 * ({@link EngineContext#versionedCopy}); reading an entry brings it to the current version's form through
 * the same migrations as the stored data ({@link EngineContext#upgradeCopy}), so {@code /back} to a
 * snapshot taken before a data upgrade restores the data upgraded. A snapshot without a version
 * counts as version 1.
 */
public final class HistoryManager {

    /** The destiny of the history slot. */
    public static final String DEFAULT_DESTINY = "scenes_history";

    /** The default number of entries kept. */
    public static final int DEFAULT_SIZE = 10;

    private static final String FIELD = "history";

    private final FsmContext state;

    private final FsmContext history;

    private final int size;

    /**
     * A manager with the default destiny and size.
     *
     * @param state the main context
     */
    public HistoryManager(FsmContext state) {
        this(state, DEFAULT_DESTINY, DEFAULT_SIZE);
    }

    /**
     * Creates a manager.
     *
     * @param state the main context (provides the storage and the key)
     * @param destiny the destiny of the history slot
     * @param size the number of entries kept, at least 1
     */
    public HistoryManager(FsmContext state, String destiny, int size) {
        this.state = Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(destiny, "destiny must not be null");
        if (size < 1) {
            throw new IllegalArgumentException("history size must be at least 1, was " + size);
        }
        this.history = state.destiny(destiny);
        this.size = size;
    }

    /**
     * Appends an entry, then drops the oldest ones beyond the size.
     *
     * @param stateId the state, or {@code null}
     * @param data the data
     */
    public void push(@Nullable String stateId, Map<String, ?> data) {
        List<Object> entries = new ArrayList<>(load());
        Map<String, Object> entry = new LinkedHashMap<>(4);
        entry.put("state", stateId);
        entry.put("data", data == null ? Map.of() : EngineContext.of(state).versionedCopy(data));
        entries.add(entry);
        if (entries.size() > size) {
            entries = new ArrayList<>(entries.subList(entries.size() - size, entries.size()));
        }
        history.setData(Map.of(FIELD, entries));
    }

    /**
     * Removes and returns the last entry. When the stack becomes empty, the history slot's data is
     * cleared.
     *
     * @return the entry, or {@code null} if the stack was empty
     */
    public @Nullable HistoryEntry pop() {
        List<Object> entries = new ArrayList<>(load());
        if (entries.isEmpty()) {
            return null;
        }
        Object last = entries.remove(entries.size() - 1);
        if (entries.isEmpty()) {
            history.setData(Map.of());
        }
        else {
            history.setData(Map.of(FIELD, entries));
        }
        return toEntry(last);
    }

    /**
     * Returns the last entry without removing it.
     *
     * @return the entry, or {@code null} if the stack is empty
     */
    public @Nullable HistoryEntry get() {
        List<Object> entries = load();
        return entries.isEmpty() ? null : toEntry(entries.get(entries.size() - 1));
    }

    /**
     * Returns every entry, oldest first.
     *
     * @return the entries
     */
    public List<HistoryEntry> all() {
        return load().stream().map(this::toEntry).toList();
    }

    /**
     * Removes every entry.
     */
    public void clear() {
        history.setData(Map.of());
    }

    /**
     * Pushes the main context's current state and data.
     */
    public void snapshot() {
        push(state.getState(), state.getData());
    }

    /**
     * Pops the last entry and restores the main context to it. With an empty stack the main state
     * is cleared to none with empty data.
     *
     * @return the restored state, or {@code null} if the stack was empty
     */
    public @Nullable String rollback() {
        HistoryEntry entry = pop();
        if (entry == null) {
            state.setState((String) null);
            state.setData(Map.of());
            return null;
        }
        state.setState(entry.state());
        state.setData(entry.data());
        return entry.state();
    }

    /**
     * Returns the number of entries kept.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    private List<Object> load() {
        Object value = history.getData().get(FIELD);
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> entries = (List<Object>) list;
            return entries;
        }
        return List.of();
    }

    /** An entry with its data in the current version's form: a snapshot taken before a data upgrade is upgraded. */
    private HistoryEntry toEntry(Object raw) {
        if (raw instanceof Map<?, ?> map) {
            Object data = map.get("data");
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = data instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
            typed = EngineContext.of(state).upgradeCopy(typed);
            Object st = map.get("state");
            return new HistoryEntry(st == null ? null : st.toString(), typed);
        }
        return new HistoryEntry(null, Map.of());
    }
}
