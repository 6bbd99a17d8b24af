package dev.tgfsm.testing;

/**
 * Bot API JSON of the update kinds beyond messages and callbacks, for
 * {@link LocalBotApiServer#enqueueJson(String)} or for parsing into an {@code Update}. Users are
 * given by id (first name {@code "U<id>"}), chats by id and type.
 */
public final class EventJson {

    private EventJson() {
    }

    /**
     * A user object.
     *
     * @param id the user
     * @return the JSON
     */
    public static String user(long id) {
        return "{\"id\":" + id + ",\"is_bot\":false,\"first_name\":\"U" + id + "\"}";
    }

    /**
     * A chat object.
     *
     * @param id the chat
     * @param type {@code private}, {@code group}, {@code supergroup} or {@code channel}
     * @return the JSON
     */
    public static String chat(long id, String type) {
        return "{\"id\":" + id + ",\"type\":\"" + type + "\""
                + ("private".equals(type) ? "" : ",\"title\":\"C" + -id + "\"")
                + "}";
    }

    /**
     * An update carrying a message in a field ({@code message}, {@code channel_post}, {@code business_message}, ...).
     *
     * @param field the update's field
     * @param chat the chat's JSON
     * @param from the sender's id, or 0 for none (a channel post)
     * @param content the message's content fields, such as {@code "\"text\":\"hi\""}
     * @return the JSON
     */
    public static String message(String field, String chat, long from, String content) {
        return "{\"" + field + "\":{\"message_id\":" + (1000 + Math.abs(content.hashCode() % 1000))
                + ",\"date\":1700000000,"
                + "\"chat\":" + chat + (from == 0 ? "" : ",\"from\":" + user(from)) + "," + content + "}}";
    }

    /**
     * A {@code chat_member} or {@code my_chat_member} update: the user goes from left to member.
     *
     * @param field {@code chat_member} or {@code my_chat_member}
     * @param chat the chat's id (a supergroup)
     * @param user who joined
     * @return the JSON
     */
    public static String chatMember(String field, long chat, long user) {
        return "{\"" + field + "\":{\"chat\":" + chat(chat, "supergroup") + ",\"from\":" + user(user)
                + ",\"date\":1700000000,"
                + "\"old_chat_member\":{\"status\":\"left\",\"user\":" + user(user) + "},"
                + "\"new_chat_member\":{\"status\":\"member\",\"user\":" + user(user) + "}}}";
    }

    /**
     * A {@code chat_join_request}.
     *
     * @param chat the chat's id (a supergroup)
     * @param user who asks to join
     * @return the JSON
     */
    public static String joinRequest(long chat, long user) {
        return "{\"chat_join_request\":{\"chat\":" + chat(chat, "supergroup") + ",\"from\":" + user(user)
                + ",\"user_chat_id\":" + user + ",\"date\":1700000000}}";
    }

    /**
     * A {@code pre_checkout_query} of 500 XTR.
     *
     * @param id the query's id
     * @param user the buyer
     * @param payload the invoice payload
     * @return the JSON
     */
    public static String preCheckout(String id, long user, String payload) {
        return "{\"pre_checkout_query\":{\"id\":\"" + id + "\",\"from\":" + user(user)
                + ",\"currency\":\"XTR\",\"total_amount\":500,\"invoice_payload\":\"" + payload + "\"}}";
    }

    /**
     * A {@code shipping_query}.
     *
     * @param id the query's id
     * @param user the buyer
     * @return the JSON
     */
    public static String shippingQuery(String id, long user) {
        return "{\"shipping_query\":{\"id\":\"" + id + "\",\"from\":" + user(user) + ",\"invoice_payload\":\"p\","
                + "\"shipping_address\":{\"country_code\":\"DE\",\"state\":\"\",\"city\":\"Berlin\",\"street_line1\":\"A 1\","
                + "\"street_line2\":\"\",\"post_code\":\"10115\"}}}";
    }

    /**
     * The content of a message telling of a successful payment of 500 XTR, for {@link #message}.
     *
     * @param payload the invoice payload
     * @return the content fields
     */
    public static String successfulPayment(String payload) {
        return "\"successful_payment\":{\"currency\":\"XTR\",\"total_amount\":500,\"invoice_payload\":\"" + payload
                + "\",\"telegram_payment_charge_id\":\"tg-1\",\"provider_payment_charge_id\":\"p-1\"}";
    }

    /**
     * A {@code poll_answer}.
     *
     * @param pollId the poll
     * @param user who voted
     * @param option the chosen option's index
     * @return the JSON
     */
    public static String pollAnswer(String pollId, long user, int option) {
        return "{\"poll_answer\":{\"poll_id\":\"" + pollId + "\",\"user\":" + user(user) + ",\"option_ids\":[" + option
                + "]}}";
    }

    /**
     * A {@code message_reaction}: the user adds an emoji to a message.
     *
     * @param chat the chat's JSON
     * @param user who reacted
     * @param messageId the message
     * @param emoji the emoji
     * @return the JSON
     */
    public static String reaction(String chat, long user, int messageId, String emoji) {
        return "{\"message_reaction\":{\"chat\":" + chat + ",\"message_id\":" + messageId + ",\"user\":" + user(user)
                + ",\"date\":1700000000,\"old_reaction\":[],\"new_reaction\":[{\"type\":\"emoji\",\"emoji\":\"" + emoji
                + "\"}]}}";
    }

    /**
     * A {@code message_reaction_count} of a channel message.
     *
     * @param chat the channel's id
     * @param messageId the message
     * @return the JSON
     */
    public static String reactionCount(long chat, int messageId) {
        return "{\"message_reaction_count\":{\"chat\":" + chat(chat, "channel") + ",\"message_id\":" + messageId
                + ",\"date\":1700000000,\"reactions\":[{\"type\":{\"type\":\"emoji\",\"emoji\":\"\\ud83d\\udc4d\"},\"total_count\":3}]}}";
    }

    /**
     * An {@code inline_query}.
     *
     * @param id the query's id
     * @param user who typed it
     * @param query the text
     * @param chatType the type of the chat it was typed in ({@code sender}, {@code private}, {@code group}, ...)
     * @return the JSON
     */
    public static String inlineQuery(String id, long user, String query, String chatType) {
        return "{\"inline_query\":{\"id\":\"" + id + "\",\"from\":" + user(user) + ",\"query\":\"" + query
                + "\",\"offset\":\"\",\"chat_type\":\"" + chatType + "\"}}";
    }

    /**
     * A {@code chosen_inline_result}.
     *
     * @param resultId the chosen result
     * @param user who chose it
     * @param inlineMessageId the sent message, or {@code null}
     * @return the JSON
     */
    public static String chosenInlineResult(String resultId, long user, String inlineMessageId) {
        return "{\"chosen_inline_result\":{\"result_id\":\"" + resultId + "\",\"from\":" + user(user)
                + ",\"query\":\"q\""
                + (inlineMessageId == null ? "" : ",\"inline_message_id\":\"" + inlineMessageId + "\"") + "}}";
    }

    /**
     * A {@code business_connection}.
     *
     * @param id the connection's id
     * @param user the business account's user
     * @return the JSON
     */
    public static String businessConnection(String id, long user) {
        return "{\"business_connection\":{\"id\":\"" + id + "\",\"user\":" + user(user) + ",\"user_chat_id\":" + user
                + ",\"date\":1700000000,\"can_reply\":true,\"is_enabled\":true}}";
    }

    /**
     * A {@code chat_boost} of a channel.
     *
     * @param chat the channel's id
     * @return the JSON
     */
    public static String chatBoost(long chat) {
        return "{\"chat_boost\":{\"chat\":" + chat(chat, "channel")
                + ",\"boost\":{\"boost_id\":\"b1\",\"add_date\":1700000000,"
                + "\"expiration_date\":1800000000,\"source\":{\"source\":\"premium\",\"user\":" + user(1) + "}}}}";
    }

    /**
     * A {@code callback_query} from a button of a message in a chat.
     *
     * @param id the query's id
     * @param chat the chat's JSON
     * @param user who pressed the button
     * @param messageId the message with the button
     * @param data the button's data
     * @return the JSON
     */
    public static String callback(String id, String chat, long user, int messageId, String data) {
        return "{\"callback_query\":{\"id\":\"" + id + "\",\"from\":" + user(user)
                + ",\"chat_instance\":\"ci\",\"data\":\""
                + data + "\",\"message\":{\"message_id\":" + messageId + ",\"date\":1700000000,\"chat\":" + chat
                + ",\"text\":\"menu\"}}}";
    }

    /**
     * A {@code callback_query} from a button of a message sent in inline mode: it names the inline
     * message, not a chat.
     *
     * @param id the query's id
     * @param user who pressed the button
     * @param inlineMessageId the inline message
     * @param data the button's data
     * @return the JSON
     */
    public static String inlineCallback(String id, long user, String inlineMessageId, String data) {
        return "{\"callback_query\":{\"id\":\"" + id + "\",\"from\":" + user(user)
                + ",\"chat_instance\":\"ci\",\"data\":\""
                + data + "\",\"inline_message_id\":\"" + inlineMessageId + "\"}}";
    }
}
