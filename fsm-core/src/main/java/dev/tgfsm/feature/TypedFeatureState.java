package dev.tgfsm.feature;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.FsmContext;

/**
 * A feature namespace holding one typed object, usually a record: the namespace's entries are the
 * object's properties.
 *
 * <pre>{@code
 * record Booking(String hotel, Integer nights) { }
 *
 * class BookingState extends TypedFeatureState<Booking> {
 *     BookingState(FsmContext context) { super(context, "booking", Booking.class); }
 * }
 *
 * state.modify(b -> new Booking("Ritz", b == null ? null : b.nights()));
 * }</pre>
 *
 * @param <T> the type of the feature's data
 */
public class TypedFeatureState<T> extends FeatureStateManager {

    private final Class<T> type;

    /**
     * Creates a manager.
     *
     * @param context the conversation's context
     * @param feature the feature's key
     * @param type the type of the feature's data
     */
    public TypedFeatureState(FsmContext context, String feature, Class<T> type) {
        super(context, feature);
        this.type = Objects.requireNonNull(type, "type must not be null");
    }

    /**
     * Creates a manager whose data is versioned by migrations: data stored by an older version of
     * the type is upgraded on read and stored in the current version by the next write.
     *
     * @param context the conversation's context
     * @param feature the feature's key
     * @param type the type of the feature's data, in its current version
     * @param migrations the registered migrations; those of this feature apply
     */
    public TypedFeatureState(FsmContext context, String feature, Class<T> type, DataMigrations migrations) {
        this(context, feature, type);
        useMigrations(migrations);
    }

    /**
     * Returns the type of the feature's data.
     *
     * @return the type
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Returns the feature's data.
     *
     * @return the object, or {@code null} when the feature has no data
     */
    public @Nullable T get() {
        return get(type);
    }

    /**
     * Returns the feature's data, or a default when it has none.
     *
     * @param defaults makes the default
     * @return the object or the default
     */
    public T getOrDefault(Supplier<? extends T> defaults) {
        T value = get();
        return value != null ? value : defaults.get();
    }

    /**
     * Replaces the feature's data; {@code null} clears it.
     *
     * @param value the object
     */
    public void put(T value) {
        set(value);
    }

    /**
     * Replaces the feature's data with a function of the current data. Inside an update the change
     * is part of the update's single commit.
     *
     * @param change gets the current object ({@code null} when none) and returns the new one
     * @return the new object
     */
    public @Nullable T modify(UnaryOperator<@Nullable T> change) {
        T next = change.apply(get());
        set(next);
        return next;
    }
}
