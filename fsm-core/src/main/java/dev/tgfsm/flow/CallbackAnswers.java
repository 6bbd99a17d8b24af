package dev.tgfsm.flow;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.routing.Router;

/**
 * Answers every callback query the handlers left unanswered, so that a button never keeps
 * spinning: after the handler chain ran (or dropped the update), a callback query that was not
 * answered through the library ({@link UpdateContext#isCallbackAnswered()}: the {@link Messenger},
 * the Director) gets an empty {@code answerCallbackQuery}, sent with the update's outbox after the
 * commit; one that no route matched ({@link Router#isUnrouted}) gets the configured unrouted text, if
 * any. When the handler chain fails for good (nothing will be committed) the answer is sent at once
 * ({@link Messenger#answerCallbackNow}); a failure the dispatcher retries is answered by the retry.
 *
 * <p>A handler that answers through its own {@code TelegramClient} call is not seen; the second
 * answer is then refused by Telegram, which is logged at debug and harmless. Every other update
 * passes through untouched. A button whose update the pipeline dropped before the lock (the rate
 * limit) is answered at once ({@link #answerDropped}).
 *
 * <p>The starter puts it into the pipeline by itself; without Spring, give it to
 * {@link UpdatePipeline.Builder#callbackAnswers}.
 */
public final class CallbackAnswers {

    private static final Logger log = LoggerFactory.getLogger(CallbackAnswers.class);

    private final Messenger messenger;

    private final @Nullable String unroutedText;

    private final MessageResolver messages;

    /**
     * Creates the step with the unrouted text shown as it is, or resolved as an application code when of
     * the form {@code {app.code}} (without a message source, such a text shows as written).
     *
     * @param messenger sends the answers
     * @param unroutedText shown to the user for a button no route handles (a short notice), or
     *        {@code null} to answer silently
     */
    public CallbackAnswers(Messenger messenger, @Nullable String unroutedText) {
        this(messenger, MessageResolver.english(), unroutedText);
    }

    /**
     * Creates the step.
     *
     * @param messenger sends the answers
     * @param messages resolves an unrouted text of the form {@code {app.code}} in the language of the user
     *        who pressed the button (the {@code language} preference, else Telegram's {@code language_code})
     * @param unroutedText shown to the user for a button no route handles (a short notice, or
     *        {@code {app.code}}), or {@code null} to answer silently
     */
    public CallbackAnswers(Messenger messenger, MessageResolver messages, @Nullable String unroutedText) {
        this.messenger = Objects.requireNonNull(messenger, "messenger must not be null");
        this.messages = Objects.requireNonNull(messages, "messages must not be null");
        this.unroutedText = unroutedText == null || unroutedText.isBlank() ? null : unroutedText;
    }

    /**
     * Runs this step of the {@link UpdatePipeline} (plugged in as {@code callbackAnswers::handle}).
     *
     * @param update the update
     * @param next the rest of the pipeline
     * @throws Exception what the rest of the pipeline threw
     */
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        if (update.update().getCallbackQuery() == null) {
            next.handle(update);
            return;
        }
        try {
            next.handle(update);
        }
        catch (Exception | Error ex) {
            if (!UpdateDispatcher.isRetryable(ex)) {
                answer(update, true);
            }
            throw ex;
        }
        answer(update, false);
    }

    /**
     * Answers at once the button of an update dropped before its unit of work, unless something
     * answered it already.
     *
     * @param update the dropped update
     */
    public void answerDropped(UpdateContext update) {
        if (update.update().getCallbackQuery() != null) {
            answer(update, true);
        }
    }

    /** The unrouted text in the user's language; the sender's language when the conversation cannot be read. */
    private String unroutedText(UpdateContext update, String text) {
        Locale locale;
        try {
            locale = update.hasConversation() ? messages.localeOf(update) : messages.localeOfSender(update.update());
        }
        catch (RuntimeException ex) {
            locale = messages.localeOfSender(update.update());
        }
        return messages.appText(locale, text);
    }

    private void answer(UpdateContext update, boolean now) {
        if (update.isCallbackAnswered()) {
            return;
        }
        try {
            String text = Router.isUnrouted(update) && unroutedText != null ? unroutedText(update, unroutedText) : null;
            if (now) {
                messenger.answerCallbackNow(update, text);
            }
            else {
                messenger.answerCallback(update, text);
            }
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
