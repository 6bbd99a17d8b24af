package dev.tgfsm.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One snapshot of the history stack: a state and the data that went with it.
 *
 * @param state the state id, or {@code null}
 * @param data the data, never {@code null}
 */
public record HistoryEntry(@Nullable String state, Map<String, @Nullable Object> data) {

    /**
     * Copies the data.
     *
     * @param state the state id, or {@code null} for no state
     * @param data the data; copied, {@code null} is taken as empty
     */
    public HistoryEntry {
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
