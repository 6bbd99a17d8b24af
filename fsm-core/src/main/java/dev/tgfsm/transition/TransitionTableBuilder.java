package dev.tgfsm.transition;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.state.FsmState;

/**
 * Declares a {@link TransitionTable}. States are given as {@link FsmState}s or as ids.
 */
public final class TransitionTableBuilder {

    final Map<String, Map<String, String>> targets = new LinkedHashMap<>();

    final Set<String> initial = new LinkedHashSet<>();

    final Set<String> known = new LinkedHashSet<>();

    TransitionTableBuilder() {
    }

    /**
     * Allows moves from one state to others.
     *
     * @param from the state id
     * @param to the state ids it may move to
     * @return this builder
     */
    public TransitionTableBuilder allow(String from, String... to) {
        Map<String, String> map = targets.computeIfAbsent(require(from, "from"), k -> new LinkedHashMap<>());
        for (String target : to) {
            map.putIfAbsent(require(target, "to"), null);
        }
        return this;
    }

    /**
     * Allows moves from one state to others.
     *
     * @param from the state
     * @param to the states it may move to
     * @return this builder
     */
    public TransitionTableBuilder allow(FsmState from, FsmState... to) {
        String[] ids = new String[to.length];
        for (int i = 0; i < to.length; i++) {
            ids[i] = to[i].id();
        }
        return allow(from.id(), ids);
    }

    /**
     * Allows a move under a named event, found again by {@link TransitionTable#nextState}.
     *
     * @param from the state id
     * @param event the event, for example {@code "pay"}
     * @param to the state id the event leads to
     * @return this builder
     */
    public TransitionTableBuilder on(String from, String event, String to) {
        targets.computeIfAbsent(require(from, "from"), k -> new LinkedHashMap<>())
                .put(require(to, "to"), require(event, "event"));
        return this;
    }

    /**
     * Allows a move under a named event.
     *
     * @param from the state
     * @param event the event
     * @param to the state the event leads to
     * @return this builder
     */
    public TransitionTableBuilder on(FsmState from, String event, FsmState to) {
        return on(from.id(), event, to.id());
    }

    /**
     * Declares states a conversation may enter from outside the table.
     *
     * @param states the state ids
     * @return this builder
     */
    public TransitionTableBuilder initial(String... states) {
        for (String state : states) {
            initial.add(require(state, "initial state"));
        }
        return this;
    }

    /**
     * Declares states a conversation may enter from outside the table.
     *
     * @param states the states
     * @return this builder
     */
    public TransitionTableBuilder initial(FsmState... states) {
        for (FsmState state : states) {
            initial.add(state.id());
        }
        return this;
    }

    /**
     * Declares the states that exist, so that {@link #build()} refuses a table naming others.
     *
     * @param states the states, for example {@code BookingStep.values()}
     * @return this builder
     */
    public TransitionTableBuilder states(FsmState... states) {
        for (FsmState state : states) {
            known.add(state.id());
        }
        return this;
    }

    /**
     * Builds the table.
     *
     * @return the table
     * @throws FsmConfigurationException when {@link #states} were given and the table names others
     */
    public TransitionTable build() {
        return new TransitionTable(this);
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
