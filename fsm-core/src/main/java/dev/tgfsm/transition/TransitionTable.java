package dev.tgfsm.transition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.state.FsmState;

/**
 * The allowed transitions between states, declared once with
 * {@link #builder()}: which states each state may move to, optionally under a named event
 * ({@link #nextState}), and which states a conversation may enter from outside the table.
 *
 * <p>The table governs moves <em>into</em> its states: a move to one of its states is allowed from a
 * state that declares it as a target, or, from outside the table (no state, or a state the table
 * does not name), only to an {@linkplain TransitionTableBuilder#initial initial} state (to any of
 * its states when none is declared initial). Moves out of the table, to no state or to a state it does not name, are
 * always allowed, so {@code /cancel}, {@code /reset} and other features keep working. Immutable and
 * thread-safe.
 */
public final class TransitionTable {

    private final Map<String, Map<String, String>> targets;

    private final Set<String> initial;

    private final Set<String> states;

    TransitionTable(TransitionTableBuilder builder) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        builder.targets.forEach((from, to) -> copy.put(from, Collections.unmodifiableMap(new LinkedHashMap<>(to))));
        this.targets = Collections.unmodifiableMap(copy);
        this.initial = Set.copyOf(builder.initial);
        Set<String> all = new LinkedHashSet<>(builder.initial);
        targets.forEach((from, to) -> {
            all.add(from);
            all.addAll(to.keySet());
        });
        this.states = Collections.unmodifiableSet(all);
        if (!builder.known.isEmpty()) {
            List<String> unknown = new ArrayList<>();
            for (String state : states) {
                if (!builder.known.contains(state)) {
                    unknown.add(state);
                }
            }
            if (!unknown.isEmpty()) {
                throw new FsmConfigurationException("The transition table names unknown states " + unknown
                        + "; known states: " + builder.known,
                        "Fix the state ids in the table or add the states to the enum.");
            }
        }
    }

    /**
     * Starts a table.
     *
     * @return the builder
     */
    public static TransitionTableBuilder builder() {
        return new TransitionTableBuilder();
    }

    /**
     * Returns every state the table names.
     *
     * @return the state ids
     */
    public Set<String> states() {
        return states;
    }

    /**
     * Returns the states a state may move to.
     *
     * @param from the state id
     * @return the targets, empty if none
     */
    public Set<String> allowedFrom(@Nullable String from) {
        if (from == null || !states.contains(from)) {
            return initial.isEmpty() ? states : initial;
        }
        Map<String, String> to = targets.get(from);
        return to == null ? Set.of() : Collections.unmodifiableSet(to.keySet());
    }

    /**
     * Tells whether a conversation may move from one state to another.
     *
     * @param from the state id before, or {@code null}
     * @param to the state id after, or {@code null}
     * @return {@code true} if allowed
     */
    public boolean canTransition(@Nullable String from, @Nullable String to) {
        if (Objects.equals(from, to) || to == null || !states.contains(to)) {
            return true;
        }
        return allowedFrom(from).contains(to);
    }

    /**
     * Tells whether a conversation may move from one state to another.
     *
     * @param from the state before, or {@code null}
     * @param to the state after, or {@code null}
     * @return {@code true} if allowed
     */
    public boolean canTransition(@Nullable FsmState from, @Nullable FsmState to) {
        return canTransition(FsmState.idOf(from), FsmState.idOf(to));
    }

    /**
     * Returns the state an event leads to.
     *
     * @param from the state id
     * @param event the event
     * @return the target state id, or {@code null} when the event is not declared for that state
     */
    public @Nullable String nextState(@Nullable String from, String event) {
        Map<String, String> to = targets.get(from);
        if (to == null || event == null) {
            return null;
        }
        for (Map.Entry<String, String> e : to.entrySet()) {
            if (event.equals(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * Returns the state an event leads to.
     *
     * @param from the state
     * @param event the event
     * @return the target state id, or {@code null} when the event is not declared for that state
     */
    public @Nullable String nextState(FsmState from, String event) {
        return nextState(FsmState.idOf(from), event);
    }

    /**
     * Returns the table as a Mermaid state diagram: initial states from {@code [*]}, events as
     * labels.
     *
     * @return the diagram source
     */
    public String toMermaid() {
        StringBuilder out = new StringBuilder("stateDiagram-v2\n");
        for (String state : initial) {
            out.append("    [*] --> ").append(node(state)).append('\n');
        }
        targets.forEach((from, to) -> to.forEach((target, event) -> {
            out.append("    ").append(node(from)).append(" --> ").append(node(target));
            if (event != null) {
                out.append(" : ").append(event);
            }
            out.append('\n');
        }));
        return out.toString();
    }

    private static String node(String state) {
        return state.replaceAll("[^A-Za-z0-9_]", "_");
    }

    @Override
    public String toString() {
        return "TransitionTable" + targets;
    }
}
