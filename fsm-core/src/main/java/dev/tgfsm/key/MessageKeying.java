package dev.tgfsm.key;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Decides which updates belong to a conversation of their own message rather than to that of their
 * chat and user (python-telegram-bot's {@code per_message}): the callback queries of several
 * independent menus in one chat, or of messages sent in inline mode, which have no chat at all.
 *
 * <p>Only updates that name a message can be keyed per message: callback queries (the message with
 * the button, or the inline message) and chosen inline results that name their inline message. Such
 * an update's key is the key the {@link KeyStrategy} gives it with the message's
 * {@linkplain StorageKey#messageScope() scope} added: the message's id, or {@code inline:} and the
 * inline message's id. So the callbacks of one menu share a conversation (state, data, lock) that no
 * other menu and no message of the chat shares. Opt-in: the default keys nothing per message.
 */
@FunctionalInterface
public interface MessageKeying {

    /**
     * Tells whether an update is keyed per message.
     *
     * @param update the update
     * @return {@code true} to key it per message (ignored for an update that names no message)
     */
    boolean perMessage(Update update);

    /**
     * Keys nothing per message (the default).
     *
     * @return the rule
     */
    static MessageKeying none() {
        return update -> false;
    }

    /**
     * Keys the callback queries of inline-mode messages (and the chosen inline results naming such a
     * message) per message: they have no chat, so they would otherwise all share the user's private
     * conversation.
     *
     * @return the rule
     */
    static MessageKeying inlineMessages() {
        return update -> (update.getCallbackQuery() != null && update.getCallbackQuery().getInlineMessageId() != null)
                || (update.getChosenInlineQuery() != null
                        && update.getChosenInlineQuery().getInlineMessageId() != null);
    }

    /**
     * Keys every callback query (and chosen inline result naming a message) per message.
     *
     * @return the rule
     */
    static MessageKeying everyMessage() {
        return update -> update.getCallbackQuery() != null || update.getChosenInlineQuery() != null;
    }

    /**
     * Keys callback queries whose data starts with one of these prefixes per message: the buttons of
     * menus that each keep their own state.
     *
     * @param prefixes the callback data prefixes
     * @return the rule
     */
    static MessageKeying callbackPrefixes(String... prefixes) {
        List<String> all = Arrays.stream(prefixes).map(p -> Objects.requireNonNull(p, "prefixes must not contain null"))
                .toList();
        return update -> update.getCallbackQuery() != null && update.getCallbackQuery().getData() != null
                && all.stream().anyMatch(update.getCallbackQuery().getData()::startsWith);
    }

    /**
     * Keys an update per message when this rule or the other does.
     *
     * @param other the other rule
     * @return the combined rule
     */
    default MessageKeying or(MessageKeying other) {
        Objects.requireNonNull(other, "other must not be null");
        return update -> perMessage(update) || other.perMessage(update);
    }

    /**
     * Returns the scope of the message an update names.
     *
     * @param update the update
     * @return the message's id, {@code inline:} and the inline message's id, or {@code null} when the
     *         update names no message
     */
    static @Nullable String scopeOf(Update update) {
        CallbackQuery query = update.getCallbackQuery();
        if (query != null) {
            if (query.getInlineMessageId() != null && !query.getInlineMessageId().isEmpty()) {
                return "inline:" + query.getInlineMessageId();
            }
            return query.getMessage() != null && query.getMessage().getMessageId() != null
                    ? String.valueOf(query.getMessage().getMessageId()) : null;
        }
        if (update.getChosenInlineQuery() != null) {
            String inline = update.getChosenInlineQuery().getInlineMessageId();
            return inline == null || inline.isEmpty() ? null : "inline:" + inline;
        }
        return null;
    }

    /**
     * Returns an update's key under this rule.
     *
     * @param key the key of the update's conversation, from the {@link KeyStrategy}
     * @param update the update
     * @return the per-message key when this rule keys the update per message and it names a
     *         message, else {@code key}
     */
    default StorageKey keyOf(StorageKey key, Update update) {
        if (!perMessage(update)) {
            return key;
        }
        String scope = scopeOf(update);
        return scope == null ? key : key.withMessageScope(scope);
    }
}
