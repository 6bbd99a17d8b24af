package dev.tgfsm.preferences;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.FsmContext;

/**
 * A user's preferences, data that always persists (language, notifications): entries kept in
 * their own destiny, {@value #DESTINY}, which flows, {@code /cancel} and {@code /reset} never clear
 * and which is written without the idle time to live of the rest of the conversation (see
 * {@link dev.tgfsm.context.ContextOptions#persistentDestinies()}).
 *
 * <p>Entries are read and written one by one ({@link #get}, {@link #set}) or as one typed object
 * ({@link #as}, {@link #put}) whose properties are the entries. Inside an update, changes are
 * committed with the rest of the update's unit of work. Not final, so Spring can proxy it as an
 * update-scoped bean.
 */
public class Preferences {

    /** The destiny holding preferences. */
    public static final String DESTINY = "prefs";

    /** The entry holding the user's language tag ({@code "en"}, {@code "de"}), read by message resolvers. */
    public static final String LANGUAGE = "language";

    private final FsmContext slot;

    /**
     * Creates the preferences of a conversation.
     *
     * @param context any slot of the conversation, for example the update's main context
     */
    public Preferences(FsmContext context) {
        this.slot = Objects.requireNonNull(context, "context must not be null").destiny(DESTINY);
    }

    /**
     * Returns the slot holding the preferences.
     *
     * @return the context of the {@value #DESTINY} destiny
     */
    public FsmContext context() {
        return slot;
    }

    /**
     * Returns every preference.
     *
     * @return an unmodifiable snapshot
     */
    public Map<String, @Nullable Object> all() {
        return slot.getData();
    }

    /**
     * Returns one preference as stored.
     *
     * @param name the preference
     * @return its plain value, or {@code null}
     */
    public @Nullable Object get(String name) {
        return slot.getValue(Objects.requireNonNull(name, "name must not be null"));
    }

    /**
     * Returns one preference converted to a type.
     *
     * @param name the preference
     * @param type the type
     * @param <T> the type
     * @return the value, or {@code null} if unset
     */
    public <T> @Nullable T get(String name, Class<T> type) {
        return slot.getValue(Objects.requireNonNull(name, "name must not be null"), type);
    }

    /**
     * Returns one preference, or a default when unset.
     *
     * @param name the preference
     * @param type the type
     * @param defaultValue returned when the preference is unset
     * @param <T> the type
     * @return the value or the default
     */
    public <T> T get(String name, Class<T> type, T defaultValue) {
        T value = get(name, type);
        return value != null ? value : defaultValue;
    }

    /**
     * Sets one preference; {@code null} removes it.
     *
     * @param name the preference
     * @param value the value, converted to plain JSON, or {@code null}
     */
    public void set(String name, @Nullable Object value) {
        Objects.requireNonNull(name, "name must not be null");
        if (value == null) {
            Map<String, Object> next = new java.util.LinkedHashMap<>(slot.getData());
            next.remove(name);
            slot.setData(next);
        }
        else {
            slot.updateData(name, value);
        }
    }

    /**
     * Returns every preference as one typed object (a record or bean whose properties are the
     * preferences).
     *
     * @param type the type
     * @param <T> the type
     * @return the object; a record with every component unset when nothing is stored
     */
    public <T> T as(Class<T> type) {
        return slot.convert(slot.getData(), type);
    }

    /**
     * Replaces the preferences with the properties of a typed object.
     *
     * @param value the object, for example a record
     */
    public void put(Object value) {
        Objects.requireNonNull(value, "value must not be null");
        Object plain = slot.convert(value, Map.class);
        if (!(plain instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Preferences must be an object with properties, not " + value.getClass().getName());
        }
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                data.put(k.toString(), v);
            }
        });
        slot.setData(data);
    }

    /**
     * Removes every preference.
     */
    public void clear() {
        slot.clear();
    }
}
