package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.FsmException;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.outbox.SentPolls;

/**
 * The stepping part of the {@link FlowEngine}: takes a user's answer at a node (a pressed button,
 * a typed input, or a non-text {@link Answer} the node {@link Accepts}), validates it, counts invalid
 * attempts ("Attempt n/m. Try again:"), offers declinable suggestions, stores the value, moves
 * through computed nodes to the next waiting node or the end, and prompts. Button callback data is
 * {@code tgfsm:<node>:<index>} (suggestions {@code s<index>}, choices {@code c<index>}).
 */
final class FlowSteps {

    private static final Logger log = LoggerFactory.getLogger(FlowEngine.class);

    static final String DATA_PREFIX = "tgfsm:";

    /** The message code of "Attempt n/m. Try again:", with the attempt and the limit as arguments. */
    static final String ATTEMPT = "tgfsm.flow.attempt";

    /** A reply-keyboard removal. */
    private static final Keyboard REMOVE = new Keyboard(List.of(), false);

    private final SubFlows subFlows;

    private final FlowExits exits;

    private final Messenger messenger;

    private final EscapeCommands escapes;

    private final MessageResolver messages;

    private final AskAnswers asks;

    FlowSteps(SubFlows subFlows, FlowExits exits, Messenger messenger, EscapeCommands escapes,
            MessageResolver messages) {
        this.subFlows = subFlows;
        this.exits = exits;
        this.messenger = messenger;
        this.escapes = escapes;
        this.messages = messages;
        this.asks = new AskAnswers(this, messenger, messages);
    }

    void input(UpdateContext update, Flow flow, FlowRun run, FlowNode node) throws Exception {
        String data = update.update().getCallbackQuery() != null ? update.update().getCallbackQuery().getData() : null;
        if (data != null) {
            messenger.answerCallback(update, null);
        }
        if (node instanceof FlowNode.Choose choose) {
            Button chosen = chosenButton(choose, data, FlowUpdates.text(update), update, messages);
            if (chosen == null) {
                invalid(update, flow, run, node, 0,
                        Validation.error(say(update, LibraryText.CHOOSE_AN_OPTION, escapes.chooseAnOption())));
                return;
            }
            moveTo(update, flow, run, node.name(), chosen.next());
        }
        else if (node instanceof FlowNode.Ask ask) {
            asks.answer(update, flow, run, ask, data);
        }
        else {
            log.warn("Conversation {} rests on node '{}' of flow '{}', which does not wait for input; moving on",
                    update.key(), node.name(), flow.name());
            moveTo(update, flow, run, null, node.name());
        }
    }

    private static @Nullable Button chosenButton(FlowNode.Choose choose, @Nullable String data, @Nullable String text,
            UpdateContext update, MessageResolver messages) {
        String prefix = DATA_PREFIX + choose.name() + ":";
        if (data != null && data.startsWith(prefix)) {
            int index = parseIndex(data.substring(prefix.length()));
            return index >= 0 && index < choose.buttons().size() ? choose.buttons().get(index) : null;
        }
        if (text != null) {
            for (Button b : choose.buttons()) {
                if (b.text().equalsIgnoreCase(text.strip())
                        || messages.appText(messages.localeOf(update), b.text()).equalsIgnoreCase(text.strip())) {
                    return b;
                }
            }
        }
        return null;
    }

    /**
     * Counts an invalid answer and replies with the error, "Attempt n/m. Try again:" where a limit
     * applies, and the suggestions; the last allowed attempt cancels the flow (a sub-flow returns to
     * its caller instead, as {@code /cancel} there does).
     */
    void invalid(UpdateContext update, Flow flow, FlowRun run, FlowNode node, int nodeLimit, Validation verdict)
            throws Exception {
        run.attempts++;
        run.total++;
        if ((nodeLimit > 0 && run.attempts >= nodeLimit)
                || (flow.maxAttempts() > 0 && run.total >= flow.maxAttempts())) {
            exits.abort(update, LibraryText.SUB_FLOW_TOO_MANY_ATTEMPTS,
                    say(update, LibraryText.TOO_MANY_ATTEMPTS, escapes.tooManyAttempts()));
            return;
        }
        List<String> suggestions = verdict.suggestions();
        String error = messages.errorText(update, verdict);
        int used = nodeLimit > 0 ? run.attempts : run.total;
        int limit = nodeLimit > 0 ? nodeLimit : flow.maxAttempts();
        if (limit > 0) {
            error += "\n\n"
                    + messages.resolve(ATTEMPT, List.of(used, limit), "Attempt " + used + "/" + limit + ". Try again:",
                            messages.localeOf(update));
        }
        run.suggestions = List.copyOf(suggestions);
        run.offered = null;
        run.save();
        Keyboard keyboard = null;
        if (!suggestions.isEmpty()) {
            List<List<Keyboard.Key>> rows = new ArrayList<>();
            for (int i = 0; i < suggestions.size(); i++) {
                rows.add(List.of(new Keyboard.Key(messages.appText(messages.localeOf(update), suggestions.get(i)),
                        DATA_PREFIX + node.name() + ":s" + i)));
            }
            keyboard = new Keyboard(rows, true);
        }
        else if (node instanceof FlowNode.Choose choose) {
            keyboard = keyboardOf(choose, update);
        }
        else if (node instanceof FlowNode.Ask ask && ask.accepts().button() != null) {
            keyboard = keyboardOf(ask, update);
        }
        messenger.send(update, error, keyboard);
    }

    void moveTo(UpdateContext update, Flow flow, FlowRun run, @Nullable String from, @Nullable String target)
            throws Exception {
        String current = target;
        while (true) {
            if (current == null) {
                complete(update, flow, run);
                return;
            }
            FlowNode node = flow.node(current);
            if (node == null) {
                throw new FsmException("Flow '" + flow.name() + "' moved to unknown node '" + current + "'");
            }
            if (node instanceof FlowNode.Compute compute) {
                String computed = compute.action().apply(run.values);
                if (computed != null && !compute.targets().contains(computed)) {
                    throw new FsmException("Node '" + compute.name() + "' of flow '" + flow.name()
                            + "' returned '" + computed + "', which is not one of its declared targets "
                            + compute.targets());
                }
                current = computed;
                continue;
            }
            if (node instanceof FlowNode.Call call) {
                subFlows.enter(update, flow, run, from, call);
                return;
            }
            if (node instanceof FlowNode.End end) {
                if (end.prompt() != null) {
                    messenger.send(update,
                            end.prompt().render(Map.copyOf(run.values), messages.localeOf(update), messages),
                            run.removeReplyKeyboard ? REMOVE : null);
                }
                complete(update, flow, run);
                return;
            }
            if (from != null) {
                run.path.add(from);
            }
            run.attempts = 0;
            run.suggestions = List.of();
            run.offered = null;
            run.pollsBefore = node instanceof FlowNode.Ask ask && ask.accepts().takes(AnswerKind.POLL_ANSWER)
                    ? SentPolls.count(update.context())
                            - (update.attribute(SentPolls.DURING_UPDATE) instanceof Long n ? n : 0)
                    : 0;
            update.context().setState(flow.stateOf(current));
            run.save();
            prompt(update, flow, run, node);
            return;
        }
    }

    private void complete(UpdateContext update, Flow flow, FlowRun run) throws Exception {
        run.discard();
        update.context().setState((String) null);
        log.debug("Flow '{}' completed for {}", flow.name(), update.key());
        if (flow.onComplete() != null) {
            flow.onComplete().complete(update, Map.copyOf(run.values));
        }
        subFlows.returned(update, flow, Map.copyOf(run.values));
    }

    void prompt(UpdateContext update, Flow flow, FlowRun run, FlowNode node) {
        Keyboard keyboard = null;
        if (node instanceof FlowNode.Choose choose) {
            keyboard = keyboardOf(choose, update);
        }
        else if (node instanceof FlowNode.Ask ask && (!ask.choices().isEmpty() || ask.accepts().button() != null)) {
            keyboard = keyboardOf(ask, update);
        }
        if (keyboard == null && run.removeReplyKeyboard) {
            keyboard = REMOVE;
        }
        messenger.send(update, promptText(update, node, run), keyboard);
    }

    /**
     * The choices as buttons, labelled in the user's language (a choice written {@code {app.code}}
     * is resolved; the stored value stays the choice as written), and the step's request button
     * (which makes it a reply keyboard).
     */
    private Keyboard keyboardOf(FlowNode.Ask ask, UpdateContext update) {
        List<List<Keyboard.Key>> rows = new ArrayList<>();
        for (int i = 0; i < ask.choices().size(); i++) {
            String label = messages.appText(messages.localeOf(update), ask.choices().get(i));
            rows.add(List.of(new Keyboard.Key(label, DATA_PREFIX + ask.name() + ":c" + i)));
        }
        rows.addAll(ask.accepts().buttonRows());
        return new Keyboard(rows, ask.inline() && ask.accepts().button() == null);
    }

    String promptText(UpdateContext update, FlowNode node, FlowRun run) {
        Prompt prompt = node instanceof FlowNode.Choose c ? c.prompt() : node instanceof FlowNode.Ask a ? a.prompt()
                : null;
        return prompt == null ? "" : prompt.render(Map.copyOf(run.values), messages.localeOf(update), messages);
    }

    /** One of tgfsm's texts (or the setting replacing it) in the user's language. */
    String say(UpdateContext update, LibraryText text, @Nullable String configured, Object... args) {
        String resolved = messages.configured(messages.localeOf(update), text,
                configured != null ? configured : text.setting(), args);
        return resolved != null ? resolved : text.english();
    }

    private Keyboard keyboardOf(FlowNode.Choose choose, UpdateContext update) {
        List<List<Keyboard.Key>> rows = new ArrayList<>();
        for (int i = 0; i < choose.buttons().size(); i++) {
            String label = messages.appText(messages.localeOf(update), choose.buttons().get(i).text());
            rows.add(List.of(new Keyboard.Key(label, DATA_PREFIX + choose.name() + ":" + i)));
        }
        return new Keyboard(rows, choose.inline());
    }

    static int parseIndex(String text) {
        try {
            return Integer.parseInt(text);
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }
}
