package dev.tgfsm.live;

import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.outbox.OnSent;
import dev.tgfsm.outbox.Outbox;

/**
 * A message of a conversation that the bot edits in place instead of sending a new one: a
 * menu, a progress bar. Its message id is kept in the conversation record's
 * metadata under {@value #META_PREFIX}{@code <name>}.
 *
 * <p>{@link #show} queues in the unit of work's {@linkplain Outbox outbox}, so nothing is sent before
 * the update's commit: an edit of the remembered message ({@code editMessageText}) with a new message
 * as its fallback when the Bot API refuses the edit (message deleted, too old to edit, not found), or
 * a new message when none is remembered. "Message is not modified" (the same text and keyboard again)
 * is not a refusal. The id of a new message is remembered once it was delivered, with the delivery's
 * acknowledgement (the conversation's next commit, or the outbox flush shortly after). Until then
 * {@link #messageId()} still returns the old id, so several {@code show} calls in one update before
 * the first message exists each send a message: show a live message once per update.
 */
public final class LiveMessage {

    /** What the metadata entry of a live message starts with. */
    public static final String META_PREFIX = "live:";

    private final Outbox outbox;

    private final FsmContext context;

    private final long chatId;

    private final @Nullable Integer threadId;

    private final String name;

    /**
     * Creates the handle of a live message.
     *
     * @param outbox the unit of work's outbox, which sends and edits after the commit
     * @param context the conversation's main context, which remembers the message id
     * @param chatId the chat
     * @param threadId the forum topic, or {@code null}
     * @param name the live message's name within the conversation, for example {@code "menu"}
     */
    public LiveMessage(Outbox outbox, FsmContext context, long chatId, @Nullable Integer threadId, String name) {
        this.outbox = Objects.requireNonNull(outbox, "outbox must not be null");
        this.context = Objects.requireNonNull(context, "context must not be null");
        this.chatId = chatId;
        this.threadId = threadId;
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
    }

    /**
     * Returns the id of the message shown now, as stored.
     *
     * @return the message id, or {@code null} when none was shown yet
     */
    public @Nullable Integer messageId() {
        return EngineContext.of(context).getMeta(META_PREFIX + name) instanceof Number n ? n.intValue() : null;
    }

    /**
     * Shows a text without buttons.
     *
     * @param text the text
     */
    public void show(String text) {
        show(text, null);
    }

    /**
     * Shows a text and an inline keyboard, after the commit: edits the live message, or sends a new
     * one when there is none or it can no longer be edited.
     *
     * @param text the text
     * @param keyboard the buttons, or {@code null}
     */
    public void show(String text, @Nullable InlineKeyboardMarkup keyboard) {
        show(text, keyboard, null);
    }

    /**
     * Shows a text and an inline keyboard, after the commit, and tells which message shows it once
     * it was delivered (to track it for clean-up, for example).
     *
     * @param text the text
     * @param keyboard the buttons, or {@code null}
     * @param onSent gets the message that shows the text (the edited or the new one; {@code null}
     *        when it was not modified), or {@code null}
     */
    public void show(String text, @Nullable InlineKeyboardMarkup keyboard, @Nullable OnSent<Message> onSent) {
        Objects.requireNonNull(text, "text must not be null");
        Integer current = messageId();
        SendMessage send = SendMessage.builder().chatId(chatId).text(text).replyMarkup(keyboard)
                .messageThreadId(threadId).build();
        String entry = META_PREFIX + name;
        if (current == null) {
            outbox.send(send, (Message sent) -> followUp(remember(entry, sent, null), onSent, sent));
            return;
        }
        EditMessageText edit = EditMessageText.builder().chatId(chatId).messageId(current).text(text)
                .replyMarkup(keyboard).build();
        outbox.sendOrElse(edit, send, result -> result instanceof Message sent
                ? followUp(remember(entry, sent, current), onSent, sent) : followUp(null, onSent, null));
    }

    private static @Nullable Consumer<FsmContext> followUp(@Nullable Consumer<FsmContext> own,
            @Nullable OnSent<Message> onSent,
            @Nullable Message sent) {
        Consumer<FsmContext> theirs = onSent != null ? onSent.sent(sent) : null;
        if (own == null) {
            return theirs;
        }
        return theirs == null ? own : own.andThen(theirs);
    }

    private static @Nullable Consumer<FsmContext> remember(String entry, Message sent, @Nullable Integer current) {
        if (sent == null || sent.getMessageId() == null || sent.getMessageId().equals(current)) {
            return null;
        }
        int id = sent.getMessageId();
        return main -> EngineContext.of(main).setMeta(entry, id);
    }

    /**
     * Forgets the live message: the next {@link #show} sends a new one. The old message stays in
     * the chat.
     */
    public void forget() {
        EngineContext.of(context).setMeta(META_PREFIX + name, null);
    }
}
