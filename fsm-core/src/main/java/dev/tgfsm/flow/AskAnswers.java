package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.outbox.SentPolls;

/**
 * How an {@link FlowNode.Ask} node takes its answer, for the {@link FlowSteps}: a pressed choice or
 * suggestion, a text (through the node's {@link Validator} and transform), or a non-text
 * {@link Answer} of a kind the node {@link Accepts} (through the rule's {@link AnswerValidator},
 * stored as {@link Answer#toMap()}). Another kind is an invalid attempt with a clear reply; an
 * {@linkplain Validation#offer offer} is shown with a keep button and counts nothing.
 */
final class AskAnswers {

    /** The message code of the button that keeps an input a suggestion was offered for. */
    static final String KEEP = "tgfsm.flow.keep";

    private final FlowSteps steps;

    private final Messenger messenger;

    private final MessageResolver messages;

    AskAnswers(FlowSteps steps, Messenger messenger, MessageResolver messages) {
        this.steps = steps;
        this.messenger = messenger;
        this.messages = messages;
    }

    void answer(UpdateContext update, Flow flow, FlowRun run, FlowNode.Ask ask, @Nullable String data)
            throws Exception {
        Answer answer;
        if (data != null) {
            String pressed = askInput(ask, run, data);
            if (pressed == null) {
                messenger.send(update, steps.say(update, LibraryText.BUTTON_INACTIVE, null), null);
                return;
            }
            answer = new Answer.Text(pressed);
        }
        else {
            answer = Answer.of(update.update());
            if (answer instanceof Answer.Text typed) {
                answer = new Answer.Text(choiceTyped(update, ask, typed.text()));
            }
        }
        if (answer instanceof Answer.PollAnswer vote && (!ask.accepts().takes(AnswerKind.POLL_ANSWER)
                || !SentPolls.takes(update.context(), vote.pollId(), run.pollsBefore))) {
            return; // a vote in some other poll: no answer to this step, and no attempt
        }
        if (answer == null || !ask.accepts().takes(answer.kind())) {
            steps.invalid(update, flow, run, ask, ask.maxAttempts(), AnswerKind.mismatch(ask.accepts().kinds()));
            return;
        }
        Object value;
        Validation verdict;
        if (answer instanceof Answer.Text text) {
            String input = text.text();
            verdict = ask.validator().validate(input, Map.copyOf(run.values),
                    written -> messages.appText(messages.localeOf(update), written));
            if (verdict.offer() && run.offered != null && run.offered.equals(input.strip())) {
                verdict = Validation.ok(); // the user kept what they sent
            }
            if (verdict.offer()) {
                offer(update, run, ask, input.strip(), verdict);
                return;
            }
            value = null;
            if (verdict.isValid()) {
                try {
                    value = ask.transform().apply(input);
                }
                catch (IllegalArgumentException ex) {
                    verdict = ex.getMessage() != null ? Validation.error(ex.getMessage())
                            : Validation.error(LibraryText.INVALID_INPUT.code(), List.of(),
                                    LibraryText.INVALID_INPUT.english());
                }
            }
        }
        else {
            verdict = ask.accepts().validator().validate(answer, Map.copyOf(run.values));
            value = answer.toMap();
        }
        if (!verdict.isValid()) {
            steps.invalid(update, flow, run, ask, ask.maxAttempts(), verdict);
            return;
        }
        run.values.put(ask.field(), value);
        run.removeReplyKeyboard = ask.accepts().button() != null || (!ask.inline() && !ask.choices().isEmpty());
        steps.moveTo(update, flow, run, ask.name(), ask.next());
    }

    /** Offers the suggestions of a verdict, with a button that keeps the input; no attempt is counted. */
    private void offer(UpdateContext update, FlowRun run, FlowNode.Ask ask, String input, Validation verdict) {
        List<String> offered = new ArrayList<>(verdict.suggestions());
        offered.add(input);
        run.suggestions = List.copyOf(offered);
        run.offered = input;
        run.save();
        List<List<Keyboard.Key>> rows = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            String label = i < offered.size() - 1 ? messages.appText(messages.localeOf(update), offered.get(i))
                    : messages.resolve(KEEP, List.of(input), "Keep " + input, messages.localeOf(update));
            rows.add(List.of(new Keyboard.Key(label, FlowSteps.DATA_PREFIX + ask.name() + ":s" + i)));
        }
        messenger.send(update, messages.errorText(update, verdict), new Keyboard(rows, true));
    }

    /**
     * A typed answer that is one of the step's choices as labelled in the user's language (a reply
     * keyboard sends its label) is taken as that choice as written; any other text as it is.
     */
    private String choiceTyped(UpdateContext update, FlowNode.Ask ask, String text) {
        for (String choice : ask.choices()) {
            if (MessageResolver.codeOf(choice) != null
                    && messages.appText(messages.localeOf(update), choice).equalsIgnoreCase(text.strip())) {
                return choice;
            }
        }
        return text;
    }

    private static @Nullable String askInput(FlowNode.Ask ask, FlowRun run, String data) {
        String prefix = FlowSteps.DATA_PREFIX + ask.name() + ":";
        if (data.startsWith(prefix)) {
            String rest = data.substring(prefix.length());
            int index = rest.length() > 1 ? FlowSteps.parseIndex(rest.substring(1)) : -1;
            List<String> source = rest.startsWith("s") ? run.suggestions : rest.startsWith("c") ? ask.choices()
                    : List.of();
            return index >= 0 && index < source.size() ? source.get(index) : null;
        }
        return null;
    }
}
