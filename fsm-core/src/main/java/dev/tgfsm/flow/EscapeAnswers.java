package dev.tgfsm.flow;

import java.util.List;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The escape-command part of the {@link FlowEngine}: answers {@code /cancel}, {@code /reset},
 * {@code /back}, {@code /help} and {@code /start} in flows, scenes and plain states. {@code /cancel}
 * leaves a call towards its caller or cancels everything ({@link FlowExits#abort}), {@code /back}
 * goes to a flow's previous node, its caller ({@link SubFlows#backToCaller}) or the previous plain
 * state ({@link StateHistory}), {@code /reset} clears the conversation ({@link ConversationReset}).
 */
final class EscapeAnswers {

    private final FlowEngine engine;

    private final Messenger messenger;

    private final EscapeCommands escapes;

    private final MessageResolver messages;

    private final FlowSteps steps;

    private final SubFlows subFlows;

    private final FlowExits exits;

    private final ConversationReset reset = new ConversationReset();

    EscapeAnswers(FlowEngine engine, Messenger messenger, EscapeCommands escapes, MessageResolver messages,
            FlowSteps steps,
            SubFlows subFlows, FlowExits exits) {
        this.engine = engine;
        this.messenger = messenger;
        this.escapes = escapes;
        this.messages = messages;
        this.steps = steps;
        this.subFlows = subFlows;
        this.exits = exits;
    }

    boolean isEscape(String command) {
        return command.equals(escapes.cancel()) || command.equals(escapes.reset()) || command.equals(escapes.back())
                || command.equals(escapes.help()) || command.equals(escapes.start());
    }

    boolean answer(UpdateContext update, String command) throws Exception {
        FsmContext context = update.context();
        Flow flow = engine.activeFlow(context);
        if (command.equals(escapes.back()) && engine.stateHistorySize() > 0
                && engine.isPlainState(context.getState())) {
            backInState(update);
            return true;
        }
        if (command.equals(escapes.cancel())) {
            if (flow == null && context.getState() == null) {
                messenger.send(update, steps.say(update, LibraryText.NOTHING_TO_CANCEL, escapes.nothingToCancel()),
                        null);
            }
            else {
                exits.abort(update, LibraryText.SUB_FLOW_CANCELLED,
                        steps.say(update, LibraryText.CANCELLED, escapes.cancelled()));
            }
            return true;
        }
        if (command.equals(escapes.reset())) {
            reset.reset(FsmTransactions.of(update.transaction()), engine.garbage());
            new CallStack(context).clear();
            StateHistory.clear(context);
            messenger.send(update, steps.say(update, LibraryText.RESET_DONE, escapes.resetDone()),
                    new Keyboard(List.of(), false));
            return true;
        }
        if (command.equals(escapes.back()) && flow != null) {
            back(update, flow);
            return true;
        }
        if (command.equals(escapes.help())) {
            String help = flow != null ? helpFor(update, flow, context)
                    : escapes.globalHelp() == null ? null
                    : messages.appText(messages.localeOf(update), escapes.globalHelp());
            if (help != null) {
                messenger.send(update, help, null);
                return true;
            }
            return false;
        }
        if (command.equals(escapes.start()) && (flow != null || context.getState() != null)) {
            exits.leave(update.context()); // a flow, a plain state or a scene: the bot's /start handler then runs outside it
        }
        return false;
    }

    /** Goes back to the plain state before the current one; the data stays as it is. */
    private void backInState(UpdateContext update) {
        if (!StateHistory.back(update.context())) {
            messenger.send(update, steps.say(update, LibraryText.AT_FIRST_STEP, escapes.atFirstStep()), null);
            return;
        }
        messenger.send(update, messages.text(messages.localeOf(update), LibraryText.WENT_BACK), null);
    }

    private void back(UpdateContext update, Flow flow) throws Exception {
        FlowRun run = FlowRun.load(flow, update.context());
        String current = update.context().getState().substring(flow.name().length() + 1);
        if (run.path.isEmpty() && subFlows.backToCaller(update, flow)) {
            return;
        }
        if (run.path.isEmpty()) {
            messenger.send(update, steps.say(update, LibraryText.AT_FIRST_STEP, escapes.atFirstStep()), null);
            steps.prompt(update, flow, run, flow.node(current));
            return;
        }
        String previous = run.path.remove(run.path.size() - 1);
        run.attempts = 0;
        run.suggestions = List.of();
        update.context().setState(flow.stateOf(previous));
        run.save();
        steps.prompt(update, flow, run, flow.node(previous));
    }

    private String helpFor(UpdateContext update, Flow flow, FsmContext context) {
        FlowNode node = flow.node(context.getState().substring(flow.name().length() + 1));
        if (node != null && node.help() != null) {
            return messages.appText(messages.localeOf(update), node.help());
        }
        if (flow.help() != null) {
            return messages.appText(messages.localeOf(update), flow.help());
        }
        String hint = escapes.back() != null
                ? steps.say(update, LibraryText.HELP_HINT_WITH_BACK, null, escapes.cancel(), escapes.back())
                : steps.say(update, LibraryText.HELP_HINT, null, escapes.cancel());
        return node != null ? steps.promptText(update, node, FlowRun.load(flow, context)) + "\n\n" + hint : hint;
    }
}
