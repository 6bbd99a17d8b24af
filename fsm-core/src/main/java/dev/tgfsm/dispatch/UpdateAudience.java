package dev.tgfsm.dispatch;

import java.util.Locale;

import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;

import dev.tgfsm.Internal;

/**
 * Tells whether the bot may answer an update in its chat, and names the update's kind for logs.
 *
 * <p>An update is <em>answerable</em> when it is a new message ({@code message}) or a callback
 * query from a message, in a chat where the bot talks to users: a private chat, a group or a
 * supergroup. Channel posts and their edits, edited messages, business events, reactions, boosts,
 * member updates, polls, payments and every kind a later Bot API adds are not: nothing generic (a
 * fallback reply, a notice) is ever sent for them. A handler that asks for such an update by its
 * kind still gets it; this only decides what the library says on its own.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class UpdateAudience {

    private UpdateAudience() {
    }

    /**
     * Tells whether the library may answer the update with a text of its own (a fallback, a notice).
     *
     * @param update the update
     * @return {@code true} for a message or callback query in a private chat, group or supergroup
     */
    public static boolean isAnswerable(Update update) {
        if (update == null) {
            return false;
        }
        if (update.getMessage() != null) {
            return talksToUsers(update.getMessage().getChat());
        }
        if (update.getCallbackQuery() != null) {
            MaybeInaccessibleMessage message = update.getCallbackQuery().getMessage();
            return message != null && talksToUsers(message.getChat());
        }
        return false;
    }

    /**
     * Names the kind of an update as the Bot API does ({@code message}, {@code channel_post},
     * {@code message_reaction}, ...), for logs.
     *
     * @param update the update
     * @return the kind, or {@code unknown} for an update with no field this library knows
     */
    public static String kindOf(Update update) {
        if (update == null) {
            return "unknown";
        }
        Object[][] kinds = {
                {update.getMessage(), "message"}, {update.getEditedMessage(), "edited_message"},
                {update.getChannelPost(), "channel_post"}, {update.getEditedChannelPost(), "edited_channel_post"},
                {update.getCallbackQuery(), "callback_query"}, {update.getInlineQuery(), "inline_query"},
                {update.getChosenInlineQuery(), "chosen_inline_result"}, {update.getShippingQuery(), "shipping_query"},
                {update.getPreCheckoutQuery(), "pre_checkout_query"}, {update.getPoll(), "poll"},
                {update.getPollAnswer(), "poll_answer"}, {update.getMyChatMember(), "my_chat_member"},
                {update.getChatMember(), "chat_member"}, {update.getChatJoinRequest(), "chat_join_request"},
                {update.getMessageReaction(), "message_reaction"},
                {update.getMessageReactionCount(), "message_reaction_count"}, {update.getChatBoost(), "chat_boost"},
                {update.getRemovedChatBoost(), "removed_chat_boost"},
                {update.getBusinessConnection(), "business_connection"},
                {update.getBusinessMessage(), "business_message"},
                {update.getEditedBuinessMessage(), "edited_business_message"},
                {update.getDeletedBusinessMessages(), "deleted_business_messages"},
                {update.getPaidMediaPurchased(), "purchased_paid_media"}, {update.getManagedBot(), "managed_bot"},
        };
        for (Object[] kind : kinds) {
            if (kind[0] != null) {
                return (String) kind[1];
            }
        }
        return "unknown";
    }

    private static boolean talksToUsers(Chat chat) {
        if (chat == null || chat.getType() == null) {
            return false;
        }
        return switch (chat.getType().toLowerCase(Locale.ROOT)) {
            case "private", "group", "supergroup" -> true;
            default -> false;
        };
    }
}
