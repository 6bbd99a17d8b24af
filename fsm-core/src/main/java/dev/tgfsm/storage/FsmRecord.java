package dev.tgfsm.storage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One conversation slot as stored: the state, the data, the engine's metadata, the version and
 * the timestamps.
 *
 * <p>{@code data} is a JSON object held as plain Java values: {@code null}, {@link String},
 * {@link Boolean}, {@link Number}, {@link java.util.List} and {@link Map} with string keys. The engine
 * keeps its own bookkeeping (recent update ids, tracked message ids, deadlines) in {@code meta},
 * which has the same shape and is never shown to handlers as data.
 *
 * <p>{@code version} is 0 for a record that does not exist and grows by one on every write; it is
 * the compare-and-set token of {@link FsmStorage#save} and the fencing token of lease locks.
 * Timestamps are stamped by the storage and are {@code null} for a record that does not exist.
 * The maps are unmodifiable at the top level: a {@link RecordMap} (or the empty {@link Map#of()}) is
 * kept as it is, because nothing can change it; any other map is copied into one. Handing a record's
 * maps on to another record therefore copies nothing.
 *
 * @param state the state id, or {@code null} for no state
 * @param data the data, never {@code null}
 * @param meta the engine's metadata, never {@code null}
 * @param version the stored version, 0 if the record does not exist
 * @param createdAt when the record was first written, or {@code null}
 * @param updatedAt when the record was last written, or {@code null}
 */
public record FsmRecord(@Nullable String state, Map<String, @Nullable Object> data, Map<String, @Nullable Object> meta,
        long version,
        @Nullable Instant createdAt, @Nullable Instant updatedAt) {

    /** The record of a key that has nothing stored. */
    public static final FsmRecord EMPTY = new FsmRecord(null, Map.of(), Map.of(), 0, null, null);

    /**
     * Copies the maps unless they are already {@link RecordMap}s, and validates the version.
     *
     * @param state the state id, or {@code null} for no state
     * @param data the data; {@code null} is taken as empty
     * @param meta the engine's metadata; {@code null} is taken as empty
     * @param version the stored version, 0 or more
     * @param createdAt when the record was first written, or {@code null}
     * @param updatedAt when the record was last written, or {@code null}
     */
    public FsmRecord {
        data = copy(data);
        meta = copy(meta);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /**
     * The prefix of the metadata entries that are the engine's own bookkeeping of a commit (such as
     * scope operations recorded with the conversation and the operations a scope record has
     * applied): they are never shown to handlers ({@code FsmContext.getMeta}), in a user's data
     * export or in the admin endpoint. A new bookkeeping entry only has to be named with this prefix.
     */
    public static final String BOOKKEEPING_PREFIX = "tgfsm.";

    /**
     * Tells whether a metadata entry is the engine's bookkeeping, hidden from everything a user or a
     * handler sees ({@link #BOOKKEEPING_PREFIX}).
     *
     * @param name the entry's name
     * @return {@code true} for bookkeeping
     */
    public static boolean isBookkeeping(String name) {
        return name.startsWith(BOOKKEEPING_PREFIX) || "work".equals(name);
    }

    /**
     * Returns the metadata without the engine's bookkeeping ({@link #isBookkeeping}), as shown to a
     * user or an operator.
     *
     * @return the shown metadata, the same map when there is no bookkeeping
     */
    public Map<String, @Nullable Object> shownMeta() {
        return RecordMap.without(meta, FsmRecord::isBookkeeping);
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return RecordMap.copyOf(map);
    }

    /**
     * Tells whether the record exists in the storage.
     *
     * @return {@code true} if it has been written and has not expired or been deleted
     */
    public boolean exists() {
        return version > 0;
    }

    /**
     * Tells whether the record holds nothing: no state, no data and no metadata.
     *
     * @return {@code true} if writing it would store nothing of value
     */
    public boolean isBlank() {
        return state == null && data.isEmpty() && meta.isEmpty();
    }

    /**
     * A copy with another state.
     *
     * @param newState the state id or {@code null}
     * @return the copy
     */
    public FsmRecord withState(@Nullable String newState) {
        return Objects.equals(state, newState) ? this
                : new FsmRecord(newState, data, meta, version, createdAt, updatedAt);
    }

    /**
     * A copy with other data.
     *
     * @param newData the data
     * @return the copy
     */
    public FsmRecord withData(Map<String, @Nullable Object> newData) {
        return new FsmRecord(state, newData, meta, version, createdAt, updatedAt);
    }

    /**
     * A copy with other metadata.
     *
     * @param newMeta the metadata
     * @return the copy
     */
    public FsmRecord withMeta(Map<String, @Nullable Object> newMeta) {
        return new FsmRecord(state, data, newMeta, version, createdAt, updatedAt);
    }

    /**
     * A copy with another version.
     *
     * @param newVersion the version
     * @return the copy
     */
    public FsmRecord withVersion(long newVersion) {
        return new FsmRecord(state, data, meta, newVersion, createdAt, updatedAt);
    }

    /**
     * A new record holding only a state and data, not yet stored.
     *
     * @param state the state id or {@code null}
     * @param data the data
     * @return the record, version 0
     */
    public static FsmRecord of(@Nullable String state, Map<String, @Nullable Object> data) {
        return new FsmRecord(state, data, Map.of(), 0, null, null);
    }
}
