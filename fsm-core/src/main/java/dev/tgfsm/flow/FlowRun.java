package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.outbox.SentPolls;

/**
 * The progress of one user through one flow, kept in the conversation data under
 * {@code flow:<name>}: the values collected, the nodes visited (for {@code /back}), invalid attempts
 * at the current node and in total, and the suggestions last offered (with the input they were
 * offered for, when the user may keep it).
 */
final class FlowRun {

    private final Flow flow;

    private final FsmContext context;

    final Map<String, Object> values;

    final List<String> path;

    int attempts;

    int total;

    List<String> suggestions;

    /** The input last answered with an {@linkplain Validation#offer offer}: sent again, it is kept. */
    @Nullable
    String offered;

    /** Not stored: the step just answered showed a reply keyboard, which the next message removes. */
    boolean removeReplyKeyboard;

    /** How many polls the bot had sent when a step that takes a vote prompted ({@link SentPolls}). */
    long pollsBefore;

    private FlowRun(Flow flow, FsmContext context, Map<String, Object> values, List<String> path, int attempts,
            int total, List<String> suggestions) {
        this.flow = flow;
        this.context = context;
        this.values = values;
        this.path = path;
        this.attempts = attempts;
        this.total = total;
        this.suggestions = suggestions;
    }

    static String dataKey(Flow flow) {
        return "flow:" + flow.name();
    }

    static FlowRun fresh(Flow flow, FsmContext context, Map<String, ?> initial) {
        return new FlowRun(flow, context, new LinkedHashMap<>(initial), new ArrayList<>(), 0, 0, List.of());
    }

    @SuppressWarnings("unchecked")
    static FlowRun load(Flow flow, FsmContext context) {
        Object raw = context.getData().get(dataKey(flow));
        Map<String, Object> stored = raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> values = stored.get("values") instanceof Map<?, ?> v
                ? new LinkedHashMap<>((Map<String, Object>) v) : new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        if (stored.get("path") instanceof List<?> p) {
            p.forEach(x -> path.add(String.valueOf(x)));
        }
        List<String> suggestions = new ArrayList<>();
        if (stored.get("suggestions") instanceof List<?> s) {
            s.forEach(x -> suggestions.add(String.valueOf(x)));
        }
        FlowRun run = new FlowRun(flow, context, values, path, number(stored.get("attempts")),
                number(stored.get("total")),
                suggestions);
        run.offered = stored.get("offered") instanceof String o ? o : null;
        run.pollsBefore = stored.get("pollsBefore") instanceof Number n ? n.longValue() : 0;
        return run;
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    void save() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("values", values);
        stored.put("path", path);
        stored.put("attempts", attempts);
        stored.put("total", total);
        stored.put("suggestions", suggestions);
        if (offered != null) {
            stored.put("offered", offered);
        }
        if (pollsBefore > 0) {
            stored.put("pollsBefore", pollsBefore);
        }
        context.updateData(dataKey(flow), stored);
    }

    void discard() {
        Map<String, Object> data = new LinkedHashMap<>(context.getData());
        if (data.remove(dataKey(flow)) != null) {
            context.setData(data);
        }
    }
}
