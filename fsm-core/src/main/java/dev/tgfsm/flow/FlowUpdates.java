package dev.tgfsm.flow;

import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.routing.BotCommand;

/**
 * The {@link FlowEngine}'s step of the pipeline, one update at a time: clears a per-message
 * conversation reset since it last looked ({@link PerMessageResets}), maps a renamed state through
 * the aliases, answers an escape command for this bot ({@link EscapeAnswers}) unless a handler
 * declared for it in the current state takes it over, feeds an answer to the node the conversation
 * is at ({@link FlowSteps}), and hands everything else to the next step, recording the moves between
 * plain states for {@code /back} ({@link StateHistory}). A state that names a known flow but an
 * unknown node is handled by the {@link UnknownStatePolicy}.
 */
final class FlowUpdates {

    private static final Logger log = LoggerFactory.getLogger(FlowEngine.class);

    private final FlowEngine engine;

    private final Map<String, String> aliases;

    private final UnknownStatePolicy unknownStates;

    private final FlowSteps steps;

    private final EscapeAnswers escapeAnswers;

    private final FlowExits exits;

    volatile @Nullable String botUsername;

    volatile Predicate<UpdateContext> handlerTakesEscape = update -> false;

    FlowUpdates(FlowEngine engine, Map<String, String> aliases, UnknownStatePolicy unknownStates, FlowSteps steps,
            EscapeAnswers escapeAnswers, FlowExits exits) {
        this.engine = engine;
        this.aliases = Map.copyOf(aliases);
        this.unknownStates = unknownStates;
        this.steps = steps;
        this.escapeAnswers = escapeAnswers;
        this.exits = exits;
    }

    void handle(UpdateContext update, UpdateHandler next) throws Exception {
        if (!update.hasConversation()) {
            next.handle(update);
            return;
        }
        PerMessageResets.check(update);
        FsmContext context = update.context();
        String state = context.getState();
        if (state != null && aliases.containsKey(state)) {
            state = aliases.get(state);
            context.setState(state);
        }
        BotCommand typed = BotCommand.of(update.update()).orElse(null);
        String command = typed != null && typed.isFor(update.botUsername(botUsername)) ? typed.name() : null;
        if (command != null && escapeAnswers.isEscape(command) && !handlerTakesEscape.test(update)
                && escapeAnswers.answer(update, command)) {
            return;
        }
        Flow flow = engine.activeFlow(context);
        if (flow == null || typed != null || !isAnswer(update)) {
            recordStateMoves(update);
            next.handle(update);
            return;
        }
        String nodeName = state.substring(flow.name().length() + 1);
        FlowNode node = flow.node(nodeName);
        if (node == null) {
            handleUnknownNode(update, flow, state, next);
            return;
        }
        steps.input(update, flow, FlowRun.load(flow, context), node);
    }

    private void recordStateMoves(UpdateContext update) {
        int size = engine.stateHistorySize();
        if (size > 0) {
            FsmTransactions.of(update.transaction()).addListener(new StateHistory(update.context(), size,
                    state -> state != null && !engine.isPlainState(state)));
        }
    }

    private void handleUnknownNode(UpdateContext update, Flow flow, String state, UpdateHandler next)
            throws Exception {
        log.warn("Conversation {} is in state '{}', a node flow '{}' no longer has; policy {}", update.key(), state,
                flow.name(), unknownStates);
        switch (unknownStates) {
            case RESET -> exits.cancel(update, steps.say(update, LibraryText.RESET_AFTER_UPDATE, null));
            case KEEP, ROUTE -> next.handle(update);
        }
    }

    /**
     * Only a new message, a pressed button or a poll vote can answer a node; edits, reactions and the
     * rest cannot (and so never count as an invalid attempt).
     */
    private static boolean isAnswer(UpdateContext update) {
        return update.update().getMessage() != null || update.update().getCallbackQuery() != null
                || update.update().getPollAnswer() != null;
    }

    /** The text of the update's message, or {@code null} when it has none. */
    static @Nullable String text(UpdateContext update) {
        Message message = update.update().getMessage();
        return message != null && message.hasText() ? message.getText() : null;
    }
}
