package dev.tgfsm.flow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tgfsm.FsmConfigurationException;

/**
 * A flow's nodes as a graph: the edges of each node, the nodes reachable from the start, the checks
 * {@link Flow.Builder#build()} makes of them, and the Mermaid diagram ({@link Flow#toMermaid()}).
 */
final class FlowGraph {

    private FlowGraph() {
    }

    /**
     * Checks a flow's graph: it has nodes, its start exists, every target exists, every choice has
     * buttons, and every node is reachable from the start.
     *
     * @throws FsmConfigurationException naming the first fault
     */
    static void check(String name, String start, Map<String, FlowNode> nodes) {
        if (nodes.isEmpty()) {
            throw new FsmConfigurationException("Flow '" + name + "' has no nodes");
        }
        if (!nodes.containsKey(start)) {
            throw new FsmConfigurationException("Flow '" + name + "' starts at unknown node '" + start + "'");
        }
        for (FlowNode node : nodes.values()) {
            for (String target : edges(node).keySet()) {
                if (!nodes.containsKey(target)) {
                    throw new FsmConfigurationException("Node '" + node.name() + "' of flow '" + name
                            + "' leads to unknown node '" + target + "'; known nodes: " + nodes.keySet());
                }
            }
            if (node instanceof FlowNode.Choose c && c.buttons().isEmpty()) {
                throw new FsmConfigurationException("Node '" + node.name() + "' of flow '" + name + "' has no buttons");
            }
        }
        Set<String> reached = reachable(start, nodes);
        List<String> unreachable = nodes.keySet().stream().filter(n -> !reached.contains(n)).toList();
        if (!unreachable.isEmpty()) {
            throw new FsmConfigurationException("Flow '" + name + "' has nodes that cannot be reached from '" + start
                    + "': " + unreachable);
        }
    }

    /** Renders the flow as a Mermaid {@code flowchart}, its nodes in the order they are reached. */
    static String toMermaid(String name, String start, Map<String, FlowNode> nodes) {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        String prefix = name.replaceAll("[^A-Za-z0-9_]", "_") + "_";
        for (String reached : reachable(start, nodes)) {
            FlowNode node = nodes.get(reached);
            String id = prefix + node.name();
            String shape = node instanceof FlowNode.Compute ? "{{" + node.name() + "}}"
                    : node instanceof FlowNode.End ? "([" + node.name() + "])"
                    : node instanceof FlowNode.Call c ? "[[\"" + node.name() + " calls " + c.flow() + "\"]]"
                    : "[" + node.name() + "]";
            sb.append("    ").append(id).append(shape).append('\n');
            for (Map.Entry<String, String> edge : edges(node).entrySet()) {
                sb.append("    ").append(id).append(" -->");
                if (!edge.getValue().isEmpty()) {
                    sb.append('|').append(edge.getValue().replace("|", "/").replace("\"", "'")).append('|');
                }
                sb.append(' ').append(prefix).append(edge.getKey()).append('\n');
            }
        }
        return sb.toString();
    }

    /** Targets of a node with their edge labels. */
    static Map<String, String> edges(FlowNode node) {
        Map<String, String> edges = new LinkedHashMap<>();
        if (node instanceof FlowNode.Choose c) {
            c.buttons().forEach(b -> edges.merge(b.next(), b.text(), (x, y) -> x + ", " + y));
        }
        else if (node instanceof FlowNode.Ask a && a.next() != null) {
            edges.put(a.next(), a.field());
        }
        else if (node instanceof FlowNode.Compute c) {
            c.targets().forEach(t -> edges.put(t, ""));
        }
        else if (node instanceof FlowNode.Call c && c.next() != null) {
            edges.put(c.next(), c.field() != null ? c.field() : "");
        }
        return edges;
    }

    /** The names of the nodes reachable from the start, in the order they are reached (the start first). */
    static Set<String> reachable(String start, Map<String, FlowNode> nodes) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (seen.add(n) && nodes.containsKey(n)) {
                todo.addAll(edges(nodes.get(n)).keySet());
            }
        }
        return seen;
    }
}
