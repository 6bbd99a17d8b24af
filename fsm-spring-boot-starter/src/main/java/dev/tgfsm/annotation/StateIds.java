package dev.tgfsm.annotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.state.FsmState;

/**
 * The state enums known to the application's controllers, used to check state ids at start-up.
 */
final class StateIds {

    /** Group name to its enum and the ids of its constants. */
    private final Map<String, Class<?>> enums = new LinkedHashMap<>();

    private final Map<String, Set<String>> idsByGroup = new LinkedHashMap<>();

    /** Adds an enum of states; {@code where} names the place that mentions it, for errors. */
    void register(Class<?> type, String where) {
        if (!type.isEnum()) {
            throw new FsmConfigurationException(where + ": " + type.getName()
                    + " is not an enum; states given by class must be an enum implementing FsmState");
        }
        for (Object constant : type.getEnumConstants()) {
            String id = ((FsmState) constant).id();
            int colon = id.lastIndexOf(':');
            String group = colon > 0 ? id.substring(0, colon) : id;
            Class<?> other = enums.putIfAbsent(group, type);
            if (other != null && other != type) {
                throw new FsmConfigurationException(where + ": state enums " + other.getName() + " and "
                        + type.getName() + " both use the group '" + group
                        + "'; give one of them a different @StateGroup so that their stored ids differ");
            }
            idsByGroup.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(id);
        }
    }

    /** Checks a string state id: in a known group it must be one of the group's ids. */
    String check(String id, String where) {
        if (id == null || id.isBlank()) {
            throw new FsmConfigurationException(
                    where + ": a state id is blank; name a state such as \"Registration:EMAIL\"");
        }
        int colon = id.lastIndexOf(':');
        if (colon > 0) {
            Set<String> ids = idsByGroup.get(id.substring(0, colon));
            if (ids != null && !ids.contains(id)) {
                throw new FsmConfigurationException(where + ": state \"" + id + "\" is not a constant of "
                        + enums.get(id.substring(0, colon)).getName() + "; its states are " + String.join(", ", ids));
            }
        }
        return id;
    }

    /** Returns the ids an {@link InState} names, checking the constants. */
    List<String> idsOf(InState inState, String where) {
        Class<?> type = inState.value();
        register(type, where);
        List<String> ids = new ArrayList<>();
        Object[] constants = type.getEnumConstants();
        if (inState.names().length == 0) {
            for (Object constant : constants) {
                ids.add(((FsmState) constant).id());
            }
            return ids;
        }
        for (String name : inState.names()) {
            Object found = null;
            for (Object constant : constants) {
                if (((Enum<?>) constant).name().equals(name)) {
                    found = constant;
                }
            }
            if (found == null) {
                List<String> names = new ArrayList<>();
                for (Object constant : constants) {
                    names.add(((Enum<?>) constant).name());
                }
                throw new FsmConfigurationException(
                        where + ": @InState names \"" + name + "\", which is not a constant of "
                                + type.getName() + "; use one of " + String.join(", ", names));
            }
            ids.add(((FsmState) found).id());
        }
        return ids;
    }
}
