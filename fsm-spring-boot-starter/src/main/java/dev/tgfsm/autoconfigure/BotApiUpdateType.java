package dev.tgfsm.autoconfigure;

import java.util.Locale;

/**
 * A kind of update the Bot API sends, as named in {@code allowed_updates}
 * ({@code tgfsm.bot.polling.allowed-updates}, {@code tgfsm.bot.webhook.allowed-updates}). Written in
 * configuration as the Bot API spells it ({@code callback_query}) or in any case and with dashes
 * ({@code CALLBACK_QUERY}, {@code callback-query}); a name that is none of these stops start-up with
 * a message that lists them. In the order of the Bot API's documentation.
 */
public enum BotApiUpdateType {

    /** {@code message}: a new message. */
    MESSAGE,

    /** {@code edited_message}: a new version of a known message. */
    EDITED_MESSAGE,

    /** {@code channel_post}: a new post in a channel. */
    CHANNEL_POST,

    /** {@code edited_channel_post}: a new version of a known channel post. */
    EDITED_CHANNEL_POST,

    /** {@code business_connection}: the bot was connected to or disconnected from a business account. */
    BUSINESS_CONNECTION,

    /** {@code business_message}: a new message from a connected business account. */
    BUSINESS_MESSAGE,

    /** {@code edited_business_message}: a new version of a message from a connected business account. */
    EDITED_BUSINESS_MESSAGE,

    /** {@code deleted_business_messages}: messages were deleted from a connected business account. */
    DELETED_BUSINESS_MESSAGES,

    /** {@code message_reaction}: a user changed a reaction to a message. */
    MESSAGE_REACTION,

    /** {@code message_reaction_count}: the anonymous reactions to a message changed. */
    MESSAGE_REACTION_COUNT,

    /** {@code inline_query}: a new inline query. */
    INLINE_QUERY,

    /** {@code chosen_inline_result}: the result of an inline query a user chose. */
    CHOSEN_INLINE_RESULT,

    /** {@code callback_query}: a pressed inline button. */
    CALLBACK_QUERY,

    /** {@code shipping_query}: a shipping query of an invoice with a flexible price. */
    SHIPPING_QUERY,

    /** {@code pre_checkout_query}: a pre-checkout query, to be answered before the payment. */
    PRE_CHECKOUT_QUERY,

    /** {@code poll}: a new state of a poll. */
    POLL,

    /** {@code poll_answer}: a user changed their answer in a non-anonymous poll. */
    POLL_ANSWER,

    /** {@code my_chat_member}: the bot's own status in a chat changed. */
    MY_CHAT_MEMBER,

    /** {@code chat_member}: a chat member's status changed. */
    CHAT_MEMBER,

    /** {@code chat_join_request}: a request to join a chat. */
    CHAT_JOIN_REQUEST,

    /** {@code chat_boost}: a chat boost was added or changed. */
    CHAT_BOOST,

    /** {@code removed_chat_boost}: a boost was removed from a chat. */
    REMOVED_CHAT_BOOST;

    /**
     * Returns the name the Bot API uses in {@code allowed_updates}.
     *
     * @return the name, such as {@code callback_query}
     */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
