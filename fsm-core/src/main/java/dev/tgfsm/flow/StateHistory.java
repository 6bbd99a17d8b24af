package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.key.StorageKey;

/**
 * The moves between plain states (the states a bot's handlers set, outside flows and scenes), so
 * that {@code /back} goes back through them, to the previous state, as it does through a flow's
 * steps and a bot's scenes. Kept as a short list of state ids in
 * the main record's metadata ({@value #META}): it rides in the write the move causes anyway and
 * costs no statement or round trip of its own. Only states are kept, not data: going back
 * restores the state and leaves the data as it is.
 *
 * <p>As a listener, attached to one unit of work by the {@link FlowEngine} before the bot's handler
 * runs: a move from no state starts a new, empty list (so {@code /back} in the first state
 * answers that this is the first step), a move to no state ends the conversation and drops the list, and moves into or out of a flow or scene are left to those.
 */
final class StateHistory implements StateChangeListener {

    /** The metadata entry holding the previous states, oldest first. */
    static final String META = "states_back";

    private final FsmContext main;

    private final int size;

    private final Predicate<@Nullable String> managed;

    /**
     * Creates the listener for one unit of work.
     *
     * @param main the conversation's main slot
     * @param size how many previous states are kept, at least 1
     * @param managed tells whether a state belongs to a flow or a scene
     */
    StateHistory(FsmContext main, int size, Predicate<@Nullable String> managed) {
        this.main = Objects.requireNonNull(main, "main must not be null");
        this.size = size;
        this.managed = Objects.requireNonNull(managed, "managed must not be null");
    }

    @Override
    public void stateChanging(StorageKey key, @Nullable String from, @Nullable String to) {
        if (!key.equals(main.key()) || Objects.equals(from, to) || managed.test(from) || managed.test(to)) {
            return;
        }
        if (to == null) {
            clear(main);
            return;
        }
        if (from == null) {
            clear(main);
            return;
        }
        List<String> states = new ArrayList<>(previous(main));
        states.add(from);
        if (states.size() > size) {
            states = new ArrayList<>(states.subList(states.size() - size, states.size()));
        }
        EngineContext.of(main).setMeta(META, states);
    }

    /**
     * Goes back one move: sets the previous state.
     *
     * @param context the main slot
     * @return {@code false} if there is no previous state
     */
    static boolean back(FsmContext context) {
        List<String> states = new ArrayList<>(previous(context));
        if (states.isEmpty()) {
            return false;
        }
        String previous = states.remove(states.size() - 1);
        EngineContext.of(context).setMeta(META, states.isEmpty() ? null : states);
        context.setState(previous);
        return true;
    }

    /**
     * Forgets the previous states.
     *
     * @param context the main slot
     */
    static void clear(FsmContext context) {
        if (EngineContext.of(context).getMeta(META) != null) {
            EngineContext.of(context).setMeta(META, null);
        }
    }

    private static List<String> previous(FsmContext context) {
        if (EngineContext.of(context).getMeta(META) instanceof List<?> list) {
            return list.stream().filter(Objects::nonNull).map(Object::toString).toList();
        }
        return List.of();
    }
}
