package dev.tgfsm.flow;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.routing.Router;

/**
 * Answers every callback query the handlers left unanswered, so that a button never keeps
 * spinning: after the handler chain ran (or threw, or dropped the update), a callback query that
 * was not answered through the library ({@link UpdateContext#isCallbackAnswered()}: the
 * {@link Messenger}, the Director) gets an empty {@code answerCallbackQuery}; one that no route
 * matched ({@link Router#isUnrouted}) gets the configured unrouted text, if any.
 *
 * <p>A handler that answers through its own {@code TelegramClient} call is not seen; the second
 * answer is then refused by Telegram, which is logged at debug and harmless. Every other update
 * passes through untouched.
 */
public final class CallbackAnswers implements UpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(CallbackAnswers.class);

    private final UpdateHandler next;

    private final Messenger messenger;

    private final String unroutedText;

    /**
     * Wraps a handler.
     *
     * @param next the handler chain
     * @param messenger sends the answers
     * @param unroutedText shown to the user for a button no route handles (a short notice), or
     *        {@code null} to answer silently
     */
    public CallbackAnswers(UpdateHandler next, Messenger messenger, String unroutedText) {
        this.next = Objects.requireNonNull(next, "next must not be null");
        this.messenger = Objects.requireNonNull(messenger, "messenger must not be null");
        this.unroutedText = unroutedText == null || unroutedText.isBlank() ? null : unroutedText;
    }

    @Override
    public void handle(UpdateContext update) throws Exception {
        if (update.update().getCallbackQuery() == null) {
            next.handle(update);
            return;
        }
        try {
            next.handle(update);
        }
        finally {
            answer(update);
        }
    }

    private void answer(UpdateContext update) {
        if (update.isCallbackAnswered()) {
            return;
        }
        String text = Router.isUnrouted(update) ? unroutedText : null;
        try {
            messenger.answerCallback(update, text);
            update.markCallbackAnswered();
            log.debug("Answered callback query of update {}{}", update.update().getUpdateId(),
                    text == null ? "" : " with the unrouted text");
        }
        catch (RuntimeException ex) {
            log.debug("Could not answer the callback query of update {}: {}", update.update().getUpdateId(),
                    ex.toString());
        }
    }
}
