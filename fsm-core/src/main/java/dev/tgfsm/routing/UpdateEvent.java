package dev.tgfsm.routing;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.ChatJoinRequest;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.boost.ChatBoostRemoved;
import org.telegram.telegrambots.meta.api.objects.boost.ChatBoostUpdated;
import org.telegram.telegrambots.meta.api.objects.business.BusinessConnection;
import org.telegram.telegrambots.meta.api.objects.business.BusinessMessagesDeleted;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.inlinequery.ChosenInlineQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.payments.PreCheckoutQuery;
import org.telegram.telegrambots.meta.api.objects.payments.ShippingQuery;
import org.telegram.telegrambots.meta.api.objects.payments.SuccessfulPayment;
import org.telegram.telegrambots.meta.api.objects.polls.Poll;
import org.telegram.telegrambots.meta.api.objects.polls.PollAnswer;
import org.telegram.telegrambots.meta.api.objects.reactions.MessageReactionCountUpdated;
import org.telegram.telegrambots.meta.api.objects.reactions.MessageReactionUpdated;

/**
 * The typed payload of an {@link UpdateKind}: the object a handler of that kind works on, such as
 * the {@link ChatMemberUpdated} of a {@code chat_member} update. Routes built with
 * {@link RouteBuilder#handle(UpdateEvent, EventHandler)} get it as their first argument; handler
 * methods of the annotation API get it by parameter type.
 *
 * @param <T> the payload's type
 */
public final class UpdateEvent<T> {

    /** A new message. */
    public static final UpdateEvent<Message> MESSAGE = new UpdateEvent<>(UpdateKind.MESSAGE, Message.class,
            Update::getMessage);

    /** An edited message. */
    public static final UpdateEvent<Message> EDITED_MESSAGE = new UpdateEvent<>(UpdateKind.EDITED_MESSAGE,
            Message.class,
            Update::getEditedMessage);

    /** A channel post. */
    public static final UpdateEvent<Message> CHANNEL_POST = new UpdateEvent<>(UpdateKind.CHANNEL_POST, Message.class,
            Update::getChannelPost);

    /** An edited channel post. */
    public static final UpdateEvent<Message> EDITED_CHANNEL_POST = new UpdateEvent<>(UpdateKind.EDITED_CHANNEL_POST,
            Message.class, Update::getEditedChannelPost);

    /** A business message. */
    public static final UpdateEvent<Message> BUSINESS_MESSAGE = new UpdateEvent<>(UpdateKind.BUSINESS_MESSAGE,
            Message.class,
            Update::getBusinessMessage);

    /** An edited business message. */
    public static final UpdateEvent<Message> EDITED_BUSINESS_MESSAGE = new UpdateEvent<>(
            UpdateKind.EDITED_BUSINESS_MESSAGE,
            Message.class, Update::getEditedBuinessMessage);

    /** A callback query. */
    public static final UpdateEvent<CallbackQuery> CALLBACK_QUERY = new UpdateEvent<>(UpdateKind.CALLBACK_QUERY,
            CallbackQuery.class, Update::getCallbackQuery);

    /** An inline query. */
    public static final UpdateEvent<InlineQuery> INLINE_QUERY = new UpdateEvent<>(UpdateKind.INLINE_QUERY,
            InlineQuery.class,
            Update::getInlineQuery);

    /** A chosen inline result. */
    public static final UpdateEvent<ChosenInlineQuery> CHOSEN_INLINE_RESULT = new UpdateEvent<>(
            UpdateKind.CHOSEN_INLINE_RESULT, ChosenInlineQuery.class, Update::getChosenInlineQuery);

    /** A member's status change. */
    public static final UpdateEvent<ChatMemberUpdated> CHAT_MEMBER = new UpdateEvent<>(UpdateKind.CHAT_MEMBER,
            ChatMemberUpdated.class, Update::getChatMember);

    /** The bot's own status change. */
    public static final UpdateEvent<ChatMemberUpdated> MY_CHAT_MEMBER = new UpdateEvent<>(UpdateKind.MY_CHAT_MEMBER,
            ChatMemberUpdated.class, Update::getMyChatMember);

    /** A join request. */
    public static final UpdateEvent<ChatJoinRequest> CHAT_JOIN_REQUEST = new UpdateEvent<>(UpdateKind.CHAT_JOIN_REQUEST,
            ChatJoinRequest.class, Update::getChatJoinRequest);

    /** A shipping query. */
    public static final UpdateEvent<ShippingQuery> SHIPPING_QUERY = new UpdateEvent<>(UpdateKind.SHIPPING_QUERY,
            ShippingQuery.class, Update::getShippingQuery);

    /** A pre-checkout query. */
    public static final UpdateEvent<PreCheckoutQuery> PRE_CHECKOUT_QUERY = new UpdateEvent<>(
            UpdateKind.PRE_CHECKOUT_QUERY,
            PreCheckoutQuery.class, Update::getPreCheckoutQuery);

    /** A successful payment, from its message. */
    public static final UpdateEvent<SuccessfulPayment> SUCCESSFUL_PAYMENT = new UpdateEvent<>(
            UpdateKind.SUCCESSFUL_PAYMENT,
            SuccessfulPayment.class, u -> u.getMessage() != null ? u.getMessage().getSuccessfulPayment() : null);

    /** A poll's new state. */
    public static final UpdateEvent<Poll> POLL = new UpdateEvent<>(UpdateKind.POLL, Poll.class, Update::getPoll);

    /** A poll answer. */
    public static final UpdateEvent<PollAnswer> POLL_ANSWER = new UpdateEvent<>(UpdateKind.POLL_ANSWER,
            PollAnswer.class,
            Update::getPollAnswer);

    /** A reaction change. */
    public static final UpdateEvent<MessageReactionUpdated> MESSAGE_REACTION = new UpdateEvent<>(
            UpdateKind.MESSAGE_REACTION,
            MessageReactionUpdated.class, Update::getMessageReaction);

    /** Anonymous reaction counts. */
    public static final UpdateEvent<MessageReactionCountUpdated> MESSAGE_REACTION_COUNT = new UpdateEvent<>(
            UpdateKind.MESSAGE_REACTION_COUNT, MessageReactionCountUpdated.class, Update::getMessageReactionCount);

    /** A boost. */
    public static final UpdateEvent<ChatBoostUpdated> CHAT_BOOST = new UpdateEvent<>(UpdateKind.CHAT_BOOST,
            ChatBoostUpdated.class, Update::getChatBoost);

    /** A removed boost. */
    public static final UpdateEvent<ChatBoostRemoved> REMOVED_CHAT_BOOST = new UpdateEvent<>(
            UpdateKind.REMOVED_CHAT_BOOST,
            ChatBoostRemoved.class, Update::getRemovedChatBoost);

    /** A business connection. */
    public static final UpdateEvent<BusinessConnection> BUSINESS_CONNECTION = new UpdateEvent<>(
            UpdateKind.BUSINESS_CONNECTION, BusinessConnection.class, Update::getBusinessConnection);

    /** Deleted business messages. */
    public static final UpdateEvent<BusinessMessagesDeleted> DELETED_BUSINESS_MESSAGES = new UpdateEvent<>(
            UpdateKind.DELETED_BUSINESS_MESSAGES, BusinessMessagesDeleted.class, Update::getDeletedBusinessMessages);

    private static final List<UpdateEvent<?>> ALL = List.of(MESSAGE, EDITED_MESSAGE, CHANNEL_POST, EDITED_CHANNEL_POST,
            BUSINESS_MESSAGE, EDITED_BUSINESS_MESSAGE, CALLBACK_QUERY, INLINE_QUERY, CHOSEN_INLINE_RESULT, CHAT_MEMBER,
            MY_CHAT_MEMBER, CHAT_JOIN_REQUEST, SHIPPING_QUERY, PRE_CHECKOUT_QUERY, SUCCESSFUL_PAYMENT, POLL,
            POLL_ANSWER,
            MESSAGE_REACTION, MESSAGE_REACTION_COUNT, CHAT_BOOST, REMOVED_CHAT_BOOST, BUSINESS_CONNECTION,
            DELETED_BUSINESS_MESSAGES);

    private final UpdateKind kind;

    private final Class<T> type;

    private final Function<Update, @Nullable T> payload;

    private UpdateEvent(UpdateKind kind, Class<T> type, Function<Update, @Nullable T> payload) {
        this.kind = kind;
        this.type = type;
        this.payload = payload;
    }

    /**
     * Returns every event, in the order of {@link UpdateKind}.
     *
     * @return the events
     */
    public static List<UpdateEvent<?>> all() {
        return ALL;
    }

    /**
     * Returns the kind of update this event is.
     *
     * @return the kind
     */
    public UpdateKind kind() {
        return kind;
    }

    /**
     * Returns the payload's type.
     *
     * @return the type
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Returns the payload of an update of this kind.
     *
     * @param update the update
     * @return the payload, or {@code null} when the update is of another kind
     */
    public @Nullable T of(Update update) {
        return payload.apply(Objects.requireNonNull(update, "update must not be null"));
    }

    /**
     * Returns the message an update carries: a new or edited message, channel post or business message.
     *
     * @param update the update
     * @return the message, or {@code null} (a callback query's message is not returned)
     */
    public static @Nullable Message messageOf(Update update) {
        for (UpdateEvent<?> event : ALL.subList(0, 6)) {
            Object message = event.of(update);
            if (message != null) {
                return (Message) message;
            }
        }
        return null;
    }

    /**
     * Returns the chat an update happens in: that of its message, of a callback's message, of a
     * member update, join request, reaction or boost.
     *
     * @param update the update
     * @return the chat, or {@code null} when the update has none (inline and payment queries, polls)
     */
    public static @Nullable Chat chatOf(Update update) {
        Message message = messageOf(update);
        if (message != null) {
            return message.getChat();
        }
        if (update.getCallbackQuery() != null) {
            return update.getCallbackQuery().getMessage() != null ? update.getCallbackQuery().getMessage().getChat()
                    : null;
        }
        ChatMemberUpdated member = update.getChatMember() != null ? update.getChatMember() : update.getMyChatMember();
        if (member != null) {
            return member.getChat();
        }
        if (update.getChatJoinRequest() != null) {
            return update.getChatJoinRequest().getChat();
        }
        if (update.getMessageReaction() != null) {
            return update.getMessageReaction().getChat();
        }
        if (update.getMessageReactionCount() != null) {
            return update.getMessageReactionCount().getChat();
        }
        if (update.getChatBoost() != null) {
            return update.getChatBoost().getChat();
        }
        if (update.getRemovedChatBoost() != null) {
            return update.getRemovedChatBoost().getChat();
        }
        return update.getDeletedBusinessMessages() != null ? update.getDeletedBusinessMessages().getChat() : null;
    }

    /**
     * Returns the user an update comes from: a message's sender, the user of a query, a poll answer,
     * a member update (who made the change), a join request or a reaction.
     *
     * @param update the update
     * @return the user, or {@code null} (a channel post, anonymous counts, a bare poll)
     */
    public static @Nullable User userOf(Update update) {
        Message message = messageOf(update);
        if (message != null) {
            return message.getFrom();
        }
        Object[] senders = {
                update.getCallbackQuery() != null ? update.getCallbackQuery().getFrom() : null,
                update.getInlineQuery() != null ? update.getInlineQuery().getFrom() : null,
                update.getChosenInlineQuery() != null ? update.getChosenInlineQuery().getFrom() : null,
                update.getShippingQuery() != null ? update.getShippingQuery().getFrom() : null,
                update.getPreCheckoutQuery() != null ? update.getPreCheckoutQuery().getFrom() : null,
                update.getPollAnswer() != null ? update.getPollAnswer().getUser() : null,
                update.getChatMember() != null ? update.getChatMember().getFrom() : null,
                update.getMyChatMember() != null ? update.getMyChatMember().getFrom() : null,
                update.getChatJoinRequest() != null ? update.getChatJoinRequest().getUser() : null,
                update.getMessageReaction() != null ? update.getMessageReaction().getUser() : null,
                update.getBusinessConnection() != null ? update.getBusinessConnection().getUser() : null,
        };
        for (Object sender : senders) {
            if (sender != null) {
                return (User) sender;
            }
        }
        return null;
    }

    /**
     * Returns the event of a kind.
     *
     * @param kind the kind
     * @return the event, or {@code null} for {@link UpdateKind#ALBUM} and {@link UpdateKind#ANY}
     */
    public static @Nullable UpdateEvent<?> of(UpdateKind kind) {
        for (UpdateEvent<?> event : ALL) {
            if (event.kind == kind) {
                return event;
            }
        }
        return null;
    }

    /**
     * Names the event.
     *
     * @return the kind and the payload type
     */
    @Override
    public String toString() {
        return kind + " (" + type.getSimpleName() + ")";
    }
}
