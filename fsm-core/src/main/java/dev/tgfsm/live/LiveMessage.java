package dev.tgfsm.live;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmContext;

/**
 * A message of a conversation that the bot edits in place instead of sending a new one (seed 000's
 * {@code ViewSender}): a menu, a progress bar. Its message id is kept in the conversation record's
 * metadata under {@value #META_PREFIX}{@code <name>} and committed with the update.
 *
 * <p>{@link #show} edits the remembered message ({@code editMessageText}); when there is none, or
 * the Bot API refuses the edit (message deleted, too old to edit, not found), it sends a new message
 * and remembers that one instead. "Message is not modified" (the same text and keyboard again) is not
 * a failure. Network errors are not refused edits: they are thrown.
 */
public final class LiveMessage {

    /** What the metadata entry of a live message starts with. */
    public static final String META_PREFIX = "live:";

    private static final Logger log = LoggerFactory.getLogger(LiveMessage.class);

    private final TelegramClient client;

    private final FsmContext context;

    private final long chatId;

    private final Integer threadId;

    private final String name;

    /**
     * Creates the handle of a live message.
     *
     * @param client sends and edits
     * @param context the conversation's main context, which remembers the message id
     * @param chatId the chat
     * @param threadId the forum topic, or {@code null}
     * @param name the live message's name within the conversation, for example {@code "menu"}
     */
    public LiveMessage(TelegramClient client, FsmContext context, long chatId, Integer threadId, String name) {
        this.client = Objects.requireNonNull(client, "client must not be null");
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
     * Returns the id of the message shown now.
     *
     * @return the message id, or {@code null} when none was shown yet
     */
    public Integer messageId() {
        return context.getMeta(META_PREFIX + name) instanceof Number n ? n.intValue() : null;
    }

    /**
     * Shows a text without buttons.
     *
     * @param text the text
     * @return the id of the message that shows it
     */
    public int show(String text) {
        return show(text, null);
    }

    /**
     * Shows a text and an inline keyboard: edits the live message, or sends a new one when there is
     * none or it can no longer be edited.
     *
     * @param text the text
     * @param keyboard the buttons, or {@code null}
     * @return the id of the message that shows it
     * @throws FsmException when sending fails, or editing fails for another reason than a refusal
     */
    public int show(String text, InlineKeyboardMarkup keyboard) {
        Objects.requireNonNull(text, "text must not be null");
        Integer current = messageId();
        if (current != null) {
            EditMessageText edit = EditMessageText.builder().chatId(chatId).messageId(current).text(text)
                    .replyMarkup(keyboard).build();
            try {
                Serializable ignored = client.execute(edit);
                return current;
            }
            catch (TelegramApiRequestException ex) {
                if (notModified(ex)) {
                    return current;
                }
                log.debug("Live message '{}' ({}) of chat {} cannot be edited, sending a new one: {}", name, current,
                        chatId, ex.getApiResponse());
            }
            catch (TelegramApiException ex) {
                throw new FsmException("Could not edit live message '" + name + "': " + ex.getMessage(), ex);
            }
        }
        SendMessage send = SendMessage.builder().chatId(chatId).text(text).replyMarkup(keyboard)
                .messageThreadId(threadId).build();
        try {
            Message sent = client.execute(send);
            context.setMeta(META_PREFIX + name, sent.getMessageId());
            return sent.getMessageId();
        }
        catch (TelegramApiException ex) {
            throw new FsmException("Could not send live message '" + name + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * Forgets the live message: the next {@link #show} sends a new one. The old message stays in
     * the chat.
     */
    public void forget() {
        context.setMeta(META_PREFIX + name, null);
    }

    private static boolean notModified(TelegramApiRequestException ex) {
        String text = ex.getApiResponse() != null ? ex.getApiResponse() : ex.getMessage();
        return text != null && text.toLowerCase(Locale.ROOT).contains("message is not modified");
    }
}
