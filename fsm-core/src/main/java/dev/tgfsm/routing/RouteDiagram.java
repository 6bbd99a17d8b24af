package dev.tgfsm.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws routes as a Mermaid {@code flowchart}: one node per state a route listens in (and one for
 * "any state" and one for "no state" when a route takes them), one node per route naming its handler,
 * kind and commands, and an edge from each state to the routes that handle updates in it.
 */
final class RouteDiagram {

    /** The key of the "any state" node (no state id has a NUL character). */
    private static final String ANY = "\0any";

    /** The key of the "no state" node. */
    private static final String NONE = "\0none";

    private RouteDiagram() {
    }

    static String of(List<Route> routes) {
        Map<String, String> states = new LinkedHashMap<>();
        StringBuilder nodes = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            String node = "route_" + i;
            StringBuilder label = new StringBuilder(route.name()).append("<br/>")
                    .append(route.kind().name().toLowerCase(Locale.ROOT));
            route.commands().forEach(command -> label.append(" /").append(command));
            nodes.append("    ").append(node).append(">\"").append(quoted(label.toString())).append("\"]\n");
            StateFilter filter = route.state();
            if (filter.isAny()) {
                edges.append("    ").append(state(states, ANY)).append(" --> ").append(node).append('\n');
                continue;
            }
            if (filter.acceptsNone()) {
                edges.append("    ").append(state(states, NONE)).append(" --> ").append(node).append('\n');
            }
            for (String id : filter.ids()) {
                edges.append("    ").append(state(states, id)).append(" --> ").append(node).append('\n');
            }
        }
        StringBuilder sb = new StringBuilder("flowchart LR\n");
        states.forEach((key, id) -> sb.append("    ").append(id)
                .append(key.equals(ANY) ? "([\"any state\"])" : key.equals(NONE) ? "([\"no state\"])"
                        : "[\"" + quoted(key) + "\"]")
                .append('\n'));
        return sb.append(nodes).append(edges).toString();
    }

    /** The node id of a state, numbered in the order states are first seen. */
    private static String state(Map<String, String> states, String label) {
        String id = states.get(label);
        if (id == null) {
            id = "state_" + states.size();
            states.put(label, id);
        }
        return id;
    }

    private static String quoted(String text) {
        return text.replace("\"", "#quot;");
    }
}
