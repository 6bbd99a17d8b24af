package dev.tgfsm.state;

import org.jspecify.annotations.Nullable;

/**
 * A state of a conversation, stored by its {@link #id()}.
 *
 * <p>Declare the states of one flow as an enum that implements this interface; nothing else is
 * needed:
 *
 * <pre>{@code
 * @StateGroup("Registration")
 * enum Registration implements FsmState { NAME, EMAIL, CONFIRM }
 * }</pre>
 *
 * <p>The id of an enum constant is {@code <group>:<NAME>}, where the group is the value of
 * {@link StateGroup} on the enum, or its simple class name. Put {@code @StateGroup} on the enum to
 * keep ids stable when the class is renamed or moved. Plain strings work as states too
 * ({@link #of(String)}).
 */
public interface FsmState {

    /**
     * Returns the stable id under which this state is stored.
     *
     * @return the id, never blank
     */
    default String id() {
        if (this instanceof Enum<?> constant) {
            return groupOf(constant.getDeclaringClass()) + ':' + constant.name();
        }
        throw new IllegalStateException(getClass().getName() + " must override id()");
    }

    /**
     * Returns the group of an enum of states: the value of its {@link StateGroup}, or its simple
     * name.
     *
     * @param type the enum (or any class)
     * @return the group
     */
    static String groupOf(Class<?> type) {
        StateGroup group = type.getAnnotation(StateGroup.class);
        return (group != null && !group.value().isBlank()) ? group.value() : type.getSimpleName();
    }

    /**
     * A state named by a plain string.
     *
     * @param id the id, not blank
     * @return the state
     */
    static FsmState of(String id) {
        return new NamedState(id);
    }

    /**
     * Returns the id of a state, or {@code null} for no state.
     *
     * @param state a state or {@code null}
     * @return its id, or {@code null}
     */
    static @Nullable String idOf(@Nullable FsmState state) {
        return state != null ? state.id() : null;
    }
}
