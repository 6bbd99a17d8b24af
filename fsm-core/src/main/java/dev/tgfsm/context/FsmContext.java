package dev.tgfsm.context;

import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.state.FsmState;

/**
 * The state and data of one conversation slot, as a handler sees them: the API of aiogram's
 * {@code FSMContext}.
 *
 * <p>Inside a handler the context is a unit of work: the record is loaded lazily and once, changes
 * are buffered, and everything is committed in one atomic write when the update is done (or not at
 * all if the handler throws). Outside handlers, {@link FsmContexts#writeThrough} gives a context
 * whose every call goes straight to the storage.
 *
 * <p>Data values are plain JSON values; anything else (records, beans, {@code java.time}) is
 * converted on the way in and can be read back typed with {@link #getValue(String, Class)}. Maps
 * returned are unmodifiable snapshots. The engine's own metadata of the conversation is not
 * reachable from here.
 */
public interface FsmContext {

    /**
     * Returns the slot this context addresses.
     *
     * @return the key
     */
    StorageKey key();

    /**
     * Returns the current state.
     *
     * @return the state id, or {@code null} for none
     */
    @Nullable
    String getState();

    /**
     * Sets the state, keeping the data.
     *
     * @param stateId the state id, or {@code null} for none
     */
    void setState(@Nullable String stateId);

    /**
     * Returns the data.
     *
     * @return an unmodifiable snapshot of the data
     */
    Map<String, @Nullable Object> getData();

    /**
     * Replaces the data, keeping the state.
     *
     * @param data the new data; values are converted to plain JSON
     */
    void setData(Map<String, ?> data);

    /**
     * Merges entries into the data.
     *
     * @param patch the entries to set; values are converted to plain JSON
     * @return the data after the merge
     */
    Map<String, @Nullable Object> updateData(Map<String, ?> patch);

    /**
     * Clears the state and the data of this slot.
     */
    void clear();

    /**
     * Returns another slot (destiny) of the same conversation, in the same unit of work: changes to
     * both are committed together.
     *
     * @param destiny the destiny, for example {@code "scenes_history"}
     * @return the context of that slot
     */
    FsmContext destiny(String destiny);

    /**
     * Converts a plain stored value to a Java type.
     *
     * @param value the plain value
     * @param type the type
     * @param <T> the type
     * @return the converted value, or {@code null}
     */
    <T> @Nullable T convert(@Nullable Object value, Type type);

    /**
     * Returns the data of a scope beyond this conversation (the user across chats, the chat across
     * users, the bot), bound to the same unit of work: see {@link ScopedData}.
     *
     * <p>This default fails: only a context of a unit of work ({@link FsmTransaction}) has scopes.
     *
     * @param scope the scope
     * @return the scope's data
     * @throws UnsupportedOperationException if this context is not part of a unit of work
     */
    default ScopedData scope(DataScope scope) {
        throw new UnsupportedOperationException("Scoped data needs a unit of work (FsmTransaction), not " + this);
    }

    /**
     * Returns the conversation's session metadata (created at, last activity, count of committed
     * updates). Contexts that do not know the record's timestamps return them as {@code null}.
     *
     * @return the metadata of this slot's record
     */
    SessionMetadata session();

    /**
     * Sets the state from a typed state.
     *
     * @param state the state, or {@code null} for none
     */
    default void setState(@Nullable FsmState state) {
        setState(FsmState.idOf(state));
    }

    /**
     * Tells whether the conversation is in a state.
     *
     * @param state the state, or {@code null} for no state
     * @return {@code true} if the current state id equals the state's id
     */
    default boolean isIn(@Nullable FsmState state) {
        return Objects.equals(getState(), FsmState.idOf(state));
    }

    /**
     * Sets one data entry.
     *
     * @param name the entry
     * @param value the value, converted to plain JSON
     * @return the data after the change
     */
    default Map<String, @Nullable Object> updateData(String name, @Nullable Object value) {
        Map<String, Object> patch = new HashMap<>(2);
        patch.put(name, value);
        return updateData(patch);
    }

    /**
     * Returns one data entry as stored.
     *
     * @param name the entry
     * @return its plain value, or {@code null}
     */
    default @Nullable Object getValue(String name) {
        return getData().get(name);
    }

    /**
     * Returns one data entry converted to a type.
     *
     * @param name the entry
     * @param type the type, for example a record class
     * @param <T> the type
     * @return the value, or {@code null} if absent
     */
    default <T> @Nullable T getValue(String name, Class<T> type) {
        return convert(getValue(name), type);
    }

    /**
     * Returns one data entry, or a default when absent.
     *
     * @param name the entry
     * @param type the type
     * @param defaultValue returned when the entry is absent or {@code null}
     * @param <T> the type
     * @return the value or the default
     */
    default <T> T getValue(String name, Class<T> type, T defaultValue) {
        T value = getValue(name, type);
        return value != null ? value : defaultValue;
    }
}
