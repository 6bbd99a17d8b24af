package dev.tgfsm.routing;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.state.FsmState;

/**
 * Which conversation states a route accepts: any state, no state, or one of a set of state ids
 * (optionally also no state). A filter that names states is <em>specific</em>, and specific
 * routes are tried before the others. "No state" alone is not specific: it is the idle
 * conversation's filter, ranked with any-state routes so that a command such as {@code /start}
 * still wins over an idle text handler.
 *
 * <p>Part of the API: the value behind {@link RouteBuilder#inState}, {@link RouteBuilder#noState} and
 * {@link RouteBuilder#anyState}, and what {@link Route#state()} reports; immutable.
 */
public final class StateFilter {

    private static final StateFilter ANY = new StateFilter(true, false, Set.of());

    private static final StateFilter NONE = new StateFilter(false, true, Set.of());

    private final boolean any;

    private final boolean none;

    private final Set<String> ids;

    private StateFilter(boolean any, boolean none, Set<String> ids) {
        this.any = any;
        this.none = none;
        this.ids = ids;
    }

    /**
     * Accepts every state, and no state.
     *
     * @return the filter
     */
    public static StateFilter any() {
        return ANY;
    }

    /**
     * Accepts only a conversation without a state.
     *
     * @return the filter
     */
    public static StateFilter none() {
        return NONE;
    }

    /**
     * Accepts one of these states.
     *
     * @param states the states, at least one
     * @return the filter
     */
    public static StateFilter in(FsmState... states) {
        return ofIds(
                Arrays.stream(states).map(s -> Objects.requireNonNull(s, "states must not contain null").id()).toList(),
                false);
    }

    /**
     * Accepts one of these state ids.
     *
     * @param ids the state ids, at least one
     * @return the filter
     */
    public static StateFilter in(String... ids) {
        return ofIds(Arrays.asList(ids), false);
    }

    /**
     * Accepts one of these state ids, and optionally no state.
     *
     * @param ids the state ids
     * @param orNone whether a conversation without a state is accepted too
     * @return the filter
     */
    public static StateFilter ofIds(Collection<String> ids, boolean orNone) {
        Set<String> set = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("state ids must not be null or blank");
            }
            set.add(id);
        }
        if (set.isEmpty()) {
            if (orNone) {
                return NONE;
            }
            throw new IllegalArgumentException("A state filter needs at least one state; use any() or none()");
        }
        return new StateFilter(false, orNone, Collections.unmodifiableSet(set));
    }

    /**
     * Tells whether a state is accepted.
     *
     * @param stateId the conversation's state, {@code null} for none
     * @return {@code true} if accepted
     */
    public boolean test(@Nullable String stateId) {
        if (any) {
            return true;
        }
        return stateId == null ? none : ids.contains(stateId);
    }

    /**
     * Tells whether this filter names states.
     *
     * @return {@code true} if at least one state id is named
     */
    public boolean isSpecific() {
        return !ids.isEmpty();
    }

    /**
     * Tells whether this filter accepts every state.
     *
     * @return {@code true} for {@link #any()}
     */
    public boolean isAny() {
        return any;
    }

    /**
     * Tells whether this filter accepts a conversation without a state.
     *
     * @return {@code true} for {@link #any()} and filters including no state
     */
    public boolean acceptsNone() {
        return any || none;
    }

    /**
     * Returns the state ids named.
     *
     * @return the ids, empty for {@link #any()} and {@link #none()}
     */
    public Set<String> ids() {
        return ids;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StateFilter f && any == f.any && none == f.none && ids.equals(f.ids);
    }

    @Override
    public int hashCode() {
        return Objects.hash(any, none, ids);
    }

    @Override
    public String toString() {
        if (any) {
            return "any state";
        }
        if (ids.isEmpty()) {
            return "no state";
        }
        return (none ? "no state or " : "") + "state " + String.join("|", ids);
    }
}
