package dev.tgfsm.preferences;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.ScopedData;

/**
 * A user's preferences (data that always persists: language, notifications), kept in the
 * {@linkplain DataScope#USER user scope}, so that they follow the user from one chat to every other
 * and are never cleared by flows, {@code /cancel} or {@code /reset}.
 *
 * <p>Preferences stored by earlier versions in the conversation's {@value #DESTINY} destiny stay
 * readable: {@link PreferencesMove} moves them into the user scope (the starter runs it in the
 * background at start-up), and until it has finished ({@link FsmContexts#preferencesMoved()}), reads
 * of a user whose scope holds no preference fall back to that destiny (one read more, only then) and
 * the first change copies its entries into the user scope. Once moved, no update reads that destiny:
 * the user scope, loaded with the conversation when declared in {@code tgfsm.scopes.preload}, is all
 * there is. Outside a unit of work (a context without scopes), the {@value #DESTINY} destiny is used
 * as before.
 *
 * <p>Entries are read and written one by one ({@link #get}, {@link #set}) or as one typed object
 * ({@link #as}, {@link #put}) whose properties are the entries. Inside an update, changes are
 * committed with the update's unit of work (the user scope right after the conversation, see
 * {@link ScopedData}). Not final, so Spring can proxy it as an update-scoped bean.
 */
public class Preferences {

    /** The conversation destiny that held preferences before they moved to the user scope. */
    public static final String DESTINY = "prefs";

    /** The entry holding the user's language tag ({@code "en"}, {@code "de"}), read by message resolvers. */
    public static final String LANGUAGE = "language";

    private final FsmContext slot;

    private final @Nullable ScopedData user;

    /**
     * Creates the preferences of the user of a conversation.
     *
     * @param context any slot of the conversation, for example the update's main context
     */
    public Preferences(FsmContext context) {
        Objects.requireNonNull(context, "context must not be null");
        this.slot = context.destiny(DESTINY);
        ScopedData scoped;
        try {
            scoped = context.scope(DataScope.USER);
        }
        catch (UnsupportedOperationException ex) {
            scoped = null;
        }
        this.user = scoped;
    }

    /**
     * Returns the conversation slot that held preferences before they moved to the user scope (and
     * still holds them outside a unit of work).
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
        if (user == null) {
            return slot.getData();
        }
        Map<String, @Nullable Object> scoped = user.all();
        FsmContext earlier = scoped.isEmpty() ? user.storedEarlier() : null;
        return earlier == null ? scoped : earlier.getData();
    }

    /**
     * Returns one preference as stored.
     *
     * @param name the preference
     * @return its plain value, or {@code null}
     */
    public @Nullable Object get(String name) {
        return all().get(Objects.requireNonNull(name, "name must not be null"));
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
        return slot.convert(get(name), type);
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
        if (user == null) {
            setInSlot(name, value);
            return;
        }
        copyStoredEarlier();
        user.set(name, value);
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
        return slot.convert(all(), type);
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
            throw new IllegalArgumentException(
                    "Preferences must be an object with properties, not " + value.getClass().getName());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                data.put(k.toString(), v);
            }
        });
        if (user == null) {
            slot.setData(data);
            return;
        }
        clear();
        data.forEach(user::set);
    }

    /**
     * Removes every preference (in the user scope and where earlier versions kept them).
     */
    public void clear() {
        FsmContext earlier = slot;
        if (user != null) {
            user.clear();
            earlier = user.storedEarlier();
        }
        if (earlier != null && !earlier.getData().isEmpty()) {
            earlier.clear();
        }
    }

    /** Copies preferences kept by earlier versions into the user scope before its first change. */
    private void copyStoredEarlier() {
        FsmContext earlier = user.storedEarlier();
        if (earlier != null && user.all().isEmpty()) {
            earlier.getData().forEach(user::set);
        }
    }

    private void setInSlot(String name, @Nullable Object value) {
        if (value == null) {
            Map<String, Object> next = new LinkedHashMap<>(slot.getData());
            next.remove(name);
            slot.setData(next);
        }
        else {
            slot.updateData(name, value);
        }
    }
}
