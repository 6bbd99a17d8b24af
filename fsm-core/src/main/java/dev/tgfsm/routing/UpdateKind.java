package dev.tgfsm.routing;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.updates.AllowedUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.album.Album;
import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.key.UpdateIdentity;

/**
 * The kind of update a route listens to. Commands are messages; see {@link Route#command(String...)}.
 *
 * <p>Which conversation an update of each kind belongs to is decided by its identity
 * ({@link UpdateIdentity}) and the key strategy: messages, edits, callback queries,
 * member updates, join requests and reactions name a chat and a user; inline queries, chosen inline
 * results, shipping and pre-checkout queries and poll answers name only a user, so they reach the
 * user's private conversation (a poll answer given as a chat reaches that chat); channel posts,
 * anonymous reaction counts and boosts name only a chat, so they reach the chat's conversation.
 */
public enum UpdateKind {

    /** A new message ({@link Update#getMessage()}), with or without text. */
    MESSAGE,

    /** An edited message ({@link Update#getEditedMessage()}). */
    EDITED_MESSAGE,

    /** A callback query from an inline keyboard button. */
    CALLBACK_QUERY,

    /** An inline query. */
    INLINE_QUERY,

    /** A post in a channel the bot is a member of ({@link Update#getChannelPost()}). */
    CHANNEL_POST,

    /** An edited channel post ({@link Update#getEditedChannelPost()}). */
    EDITED_CHANNEL_POST,

    /** A result of an inline query the user chose ({@link Update#getChosenInlineQuery()}); a user, no chat. */
    CHOSEN_INLINE_RESULT,

    /** A change of a member's status in a chat the bot administers ({@link Update#getChatMember()}). */
    CHAT_MEMBER,

    /** A change of the bot's own status in a chat: added, blocked, promoted ({@link Update#getMyChatMember()}). */
    MY_CHAT_MEMBER,

    /** A request to join a chat the bot administers ({@link Update#getChatJoinRequest()}). */
    CHAT_JOIN_REQUEST,

    /** A shipping query of an invoice with a flexible price ({@link Update#getShippingQuery()}); a user, no chat. */
    SHIPPING_QUERY,

    /** A pre-checkout query, to be answered within 10 seconds ({@link Update#getPreCheckoutQuery()}); a user, no chat. */
    PRE_CHECKOUT_QUERY,

    /**
     * A new message that tells of a successful payment ({@link Message#getSuccessfulPayment()}). It is
     * also a {@link #MESSAGE}, so a message route of the same rank added before takes it first; give
     * the payment route a priority.
     */
    SUCCESSFUL_PAYMENT,

    /** A new state of a poll the bot sent ({@link Update#getPoll()}); neither a chat nor a user. */
    POLL,

    /** A user's answer in a non-anonymous poll the bot sent ({@link Update#getPollAnswer()}); a user, no chat. */
    POLL_ANSWER,

    /** A user's change of a reaction to a message ({@link Update#getMessageReaction()}). */
    MESSAGE_REACTION,

    /** Changed anonymous reaction counts of a message ({@link Update#getMessageReactionCount()}); a chat only. */
    MESSAGE_REACTION_COUNT,

    /** A chat boost added or changed ({@link Update#getChatBoost()}); a chat only. */
    CHAT_BOOST,

    /** A chat boost removed ({@link Update#getRemovedChatBoost()}); a chat only. */
    REMOVED_CHAT_BOOST,

    /** The bot connected to or disconnected from a business account ({@link Update#getBusinessConnection()}). */
    BUSINESS_CONNECTION,

    /** A new message in a chat of a connected business account ({@link Update#getBusinessMessage()}). */
    BUSINESS_MESSAGE,

    /** An edited message in a chat of a connected business account. */
    EDITED_BUSINESS_MESSAGE,

    /** Messages deleted in a chat of a connected business account ({@link Update#getDeletedBusinessMessages()}). */
    DELETED_BUSINESS_MESSAGES,

    /**
     * An album: the messages of one media group, gathered by an {@link AlbumCollector}
     * and handled once, as the album's first message with the {@link Album} attached. While albums
     * are gathered, {@link #MESSAGE} routes get no album and no part of one.
     */
    ALBUM,

    /**
     * Any update at all, of every kind (reactions, channel posts, boosts, ...); narrow it with
     * predicates.
     */
    ANY;

    /**
     * Tells whether an update being handled is of this kind: a gathered album is an {@link #ALBUM},
     * not a {@link #MESSAGE}.
     *
     * @param update the update being handled
     * @return {@code true} if it is
     */
    public boolean matches(UpdateContext update) {
        boolean album = Album.of(update) != null;
        return switch (this) {
            case ALBUM -> album;
            case MESSAGE -> !album && matches(update.update());
            default -> matches(update.update());
        };
    }

    /**
     * Tells whether an update is of this kind, judged by the update alone (an {@link #ALBUM} is then
     * any message of a media group).
     *
     * @param update the update
     * @return {@code true} if it is
     */
    public boolean matches(Update update) {
        return switch (this) {
            case MESSAGE -> update.getMessage() != null;
            case ALBUM -> update.getMessage() != null && update.getMessage().getMediaGroupId() != null;
            case EDITED_MESSAGE -> update.getEditedMessage() != null;
            case CALLBACK_QUERY -> update.getCallbackQuery() != null;
            case INLINE_QUERY -> update.getInlineQuery() != null;
            case CHANNEL_POST -> update.getChannelPost() != null;
            case EDITED_CHANNEL_POST -> update.getEditedChannelPost() != null;
            case CHOSEN_INLINE_RESULT -> update.getChosenInlineQuery() != null;
            case CHAT_MEMBER -> update.getChatMember() != null;
            case MY_CHAT_MEMBER -> update.getMyChatMember() != null;
            case CHAT_JOIN_REQUEST -> update.getChatJoinRequest() != null;
            case SHIPPING_QUERY -> update.getShippingQuery() != null;
            case PRE_CHECKOUT_QUERY -> update.getPreCheckoutQuery() != null;
            case SUCCESSFUL_PAYMENT ->
                update.getMessage() != null && update.getMessage().getSuccessfulPayment() != null;
            case POLL -> update.getPoll() != null;
            case POLL_ANSWER -> update.getPollAnswer() != null;
            case MESSAGE_REACTION -> update.getMessageReaction() != null;
            case MESSAGE_REACTION_COUNT -> update.getMessageReactionCount() != null;
            case CHAT_BOOST -> update.getChatBoost() != null;
            case REMOVED_CHAT_BOOST -> update.getRemovedChatBoost() != null;
            case BUSINESS_CONNECTION -> update.getBusinessConnection() != null;
            case BUSINESS_MESSAGE -> update.getBusinessMessage() != null;
            case EDITED_BUSINESS_MESSAGE -> update.getEditedBuinessMessage() != null;
            case DELETED_BUSINESS_MESSAGES -> update.getDeletedBusinessMessages() != null;
            case ANY -> true;
        };
    }

    /**
     * Names the kind as {@code allowed_updates} does: {@code "chat_member"}, {@code "message"} for
     * albums and successful payments (they come as messages).
     *
     * @return the Bot API name, or {@code null} for {@link #ANY}
     */
    public @Nullable String apiName() {
        return switch (this) {
            case MESSAGE, ALBUM, SUCCESSFUL_PAYMENT -> AllowedUpdates.MESSAGE;
            case EDITED_MESSAGE -> AllowedUpdates.EDITEDMESSAGE;
            case CALLBACK_QUERY -> AllowedUpdates.CALLBACKQUERY;
            case INLINE_QUERY -> AllowedUpdates.INLINEQUERY;
            case CHANNEL_POST -> AllowedUpdates.CHANNELPOST;
            case EDITED_CHANNEL_POST -> AllowedUpdates.EDITEDCHANNELPOST;
            case CHOSEN_INLINE_RESULT -> AllowedUpdates.CHOSENINLINERESULT;
            case CHAT_MEMBER -> AllowedUpdates.CHATMEMBER;
            case MY_CHAT_MEMBER -> AllowedUpdates.MYCHATMEMBER;
            case CHAT_JOIN_REQUEST -> AllowedUpdates.CHATJOINREQUEST;
            case SHIPPING_QUERY -> AllowedUpdates.SHIPPINGQUERY;
            case PRE_CHECKOUT_QUERY -> AllowedUpdates.PRECHECKOUTQUERY;
            case POLL -> AllowedUpdates.POLL;
            case POLL_ANSWER -> AllowedUpdates.POLLANSWER;
            case MESSAGE_REACTION -> AllowedUpdates.MESSAGEREACTION;
            case MESSAGE_REACTION_COUNT -> AllowedUpdates.MESSAGEREACTIONCOUNT;
            case CHAT_BOOST -> AllowedUpdates.CHATBOOST;
            case REMOVED_CHAT_BOOST -> AllowedUpdates.REMOVEDCHATBOOST;
            case BUSINESS_CONNECTION -> AllowedUpdates.BUSINESSCONNECTION;
            case BUSINESS_MESSAGE -> AllowedUpdates.BUSINESSMESSAGE;
            case EDITED_BUSINESS_MESSAGE -> AllowedUpdates.EDITEDBUSINESSMESSAGE;
            case DELETED_BUSINESS_MESSAGES -> AllowedUpdates.DELETEDBUSINESSMESSAGES;
            case ANY -> null;
        };
    }
}
