package dev.tgfsm.feature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.FsmContext;

/**
 * The data of one feature, kept under {@code draft:<feature>} in the conversation's data so that
 * features never overwrite each other.
 *
 * <p>{@link #clear()} removes only this feature's namespace; the state and other features' data
 * stay. Subclass it for a feature with typed methods, or use it as is:
 *
 * <pre>{@code
 * class BookingState extends FeatureStateManager {
 *     BookingState(FsmContext context) { super(context, "booking"); }
 *     void saveHotel(int id) { update("hotel_id", id); }
 *     Integer hotel() { return getValue("hotel_id", Integer.class); }
 * }
 * }</pre>
 *
 * <p>Inside an update every change is part of the update's single atomic commit. On a
 * write-through context each call reads then writes the whole data and is not atomic against
 * concurrent writers of the same conversation.
 *
 * <p>With {@linkplain DataMigrations migrations} for the feature, reading brings data stored in an
 * older version to the current one (in memory), and every write stores the current version; see
 * {@link #upgrade()}.
 */
public class FeatureStateManager {

    /** What the namespace key starts with. */
    public static final String NAMESPACE_PREFIX = "draft:";

    private final FsmContext context;

    private final String feature;

    private final String namespace;

    private DataMigrations migrations = DataMigrations.none();

    /**
     * Creates a manager.
     *
     * @param context the conversation's context
     * @param feature the feature's key, for example {@code "booking"}
     */
    public FeatureStateManager(FsmContext context, String feature) {
        this.context = Objects.requireNonNull(context, "context must not be null");
        Objects.requireNonNull(feature, "feature must not be null");
        if (feature.isBlank()) {
            throw new IllegalArgumentException("feature must not be blank");
        }
        this.feature = feature;
        this.namespace = NAMESPACE_PREFIX + feature;
    }

    /**
     * Creates a manager whose data is versioned by migrations.
     *
     * @param context the conversation's context
     * @param feature the feature's key
     * @param migrations the registered migrations; those of this feature apply
     */
    public FeatureStateManager(FsmContext context, String feature, DataMigrations migrations) {
        this(context, feature);
        useMigrations(migrations);
    }

    /**
     * Sets the migrations this manager applies, for frameworks that make managers through a
     * constructor without them (the starter does it for {@code @FeatureState} beans). Call it before
     * the first read or write.
     *
     * @param registry the registered migrations; those of this feature apply
     */
    public void useMigrations(DataMigrations registry) {
        this.migrations = Objects.requireNonNull(registry, "migrations must not be null");
    }

    /**
     * Returns the migrations this manager applies.
     *
     * @return the registry
     */
    public DataMigrations migrations() {
        return migrations;
    }

    /**
     * Stores the feature's data in the current version if it is stored in an older one; inside an
     * update the write is part of the update's commit. Reading alone never writes.
     *
     * @return {@code true} if the data was old and is now written in the current version
     * @throws DataMigrationException if the stored data is newer than this code knows, or a step
     *         failed; nothing is written then
     */
    public boolean upgrade() {
        Object value = context.getData().get(namespace);
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> stored = (Map<String, Object>) map;
            if (migrations.isOld(context.key(), feature, stored)) {
                context.updateData(namespace,
                        migrations.stamp(feature, migrations.upgrade(context.key(), feature, stored)));
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the feature's key.
     *
     * @return the feature
     */
    public String feature() {
        return feature;
    }

    /**
     * Returns the context this manager works on.
     *
     * @return the context
     */
    public FsmContext context() {
        return context;
    }

    /**
     * Returns all of the feature's data, in the current version's form (without the version entry).
     *
     * @return an unmodifiable snapshot, empty if none
     * @throws DataMigrationException if the stored data is newer than this code knows, or a step
     *         failed
     */
    public Map<String, @Nullable Object> getAll() {
        Object value = context.getData().get(namespace);
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return Collections.unmodifiableMap(migrations.upgrade(context.key(), feature, typed));
        }
        return Map.of();
    }

    /**
     * Returns one entry of the feature's data.
     *
     * @param name the entry
     * @return the plain value, or {@code null}
     */
    public @Nullable Object getValue(String name) {
        return getAll().get(name);
    }

    /**
     * Returns one entry converted to a type.
     *
     * @param name the entry
     * @param type the type
     * @param <T> the type
     * @return the value, or {@code null}
     */
    public <T> @Nullable T getValue(String name, Class<T> type) {
        return context.convert(getValue(name), type);
    }

    /**
     * Merges entries into the feature's data.
     *
     * @param patch the entries
     * @return the feature's data after the merge
     */
    public Map<String, @Nullable Object> update(Map<String, ?> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(getAll());
        merged.putAll(patch);
        context.updateData(namespace, migrations.stamp(feature, merged));
        return getAll();
    }

    /**
     * Sets one entry of the feature's data.
     *
     * @param name the entry
     * @param value the value, converted to plain JSON
     * @return the feature's data after the change
     */
    public Map<String, @Nullable Object> update(String name, @Nullable Object value) {
        Map<String, Object> patch = new LinkedHashMap<>(2);
        patch.put(name, value);
        return update(patch);
    }

    /**
     * Returns the whole namespace as one typed object, for features that keep a record.
     *
     * @param type the record or bean class
     * @param <T> the type
     * @return the object, or {@code null} when the feature has no data
     */
    public <T> @Nullable T get(Class<T> type) {
        Map<String, Object> all = getAll();
        return all.isEmpty() ? null : context.convert(all, type);
    }

    /**
     * Replaces the whole namespace with one typed object's properties.
     *
     * @param value the record or bean, or {@code null} to clear
     * @throws DataMigrationException if the stored data is of a version newer than this code knows;
     *         it is kept (only {@link #clear()} removes it)
     */
    public void set(@Nullable Object value) {
        if (value == null) {
            clear();
            return;
        }
        if (context.getData().get(namespace) instanceof Map<?, ?> stored) {
            @SuppressWarnings("unchecked")
            Map<String, ?> entries = (Map<String, ?>) stored;
            // throws for data of a newer version, which only clear() may remove
            migrations.isOld(context.key(), feature, entries);
        }
        if (migrations.currentVersion(feature) > 1) {
            Map<?, ?> plain;
            try {
                plain = context.convert(value, Map.class);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("A feature's data must be a JSON object, not "
                        + value.getClass().getName(), ex);
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> entries = (Map<String, ?>) plain;
            context.updateData(namespace, migrations.stamp(feature, entries));
            return;
        }
        context.updateData(namespace, value);
        if (!(context.getData().get(namespace) instanceof Map)) {
            throw new IllegalArgumentException(
                    "A feature's data must be a JSON object, not " + value.getClass().getName());
        }
    }

    /**
     * Removes the feature's data and nothing else.
     */
    public void clear() {
        Map<String, Object> data = context.getData();
        if (data.containsKey(namespace)) {
            Map<String, Object> rest = new LinkedHashMap<>(data);
            rest.remove(namespace);
            context.setData(rest);
        }
    }
}
