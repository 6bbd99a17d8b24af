package dev.tgfsm.key;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Who an update comes from and where: the chat, the user, the forum topic and the business
 * connection, as far as the update carries them.
 *
 * <p>Extraction follows aiogram's event context: a message names its chat and sender; a callback
 * query names its sender and the chat of the message it is attached to; inline queries, shipping
 * and pre-checkout queries, poll answers and paid-media purchases name only a user; member updates,
 * join requests, reactions and boosts name a chat (and a user where there is one). A thread id is
 * taken only from topic messages. Updates that name neither a chat nor a user (a bare poll) have
 * no identity.
 *
 * @param chatId the chat, or {@code null}
 * @param userId the user, or {@code null}
 * @param threadId the forum topic of a topic message, or {@code null}
 * @param businessConnectionId the business connection, or {@code null}
 */
public record UpdateIdentity(@Nullable Long chatId, @Nullable Long userId, @Nullable Long threadId,
        @Nullable String businessConnectionId) {

    /**
     * Extracts the identity of an update.
     *
     * @param update any update
     * @return the identity, or empty if the update names neither a chat nor a user
     */
    public static Optional<UpdateIdentity> of(Update update) {
        if (update == null) {
            return Optional.empty();
        }
        UpdateIdentity id = extract(update);
        return (id == null || (id.chatId == null && id.userId == null)) ? Optional.empty() : Optional.of(id);
    }

    private static @Nullable UpdateIdentity extract(Update u) {
        Message message = u.getMessage();
        if (message == null) {
            message = u.getEditedMessage() != null ? u.getEditedMessage()
                    : u.getChannelPost() != null ? u.getChannelPost()
                    : u.getEditedChannelPost() != null ? u.getEditedChannelPost()
                    : u.getBusinessMessage() != null ? u.getBusinessMessage() : u.getEditedBuinessMessage();
        }
        if (message != null) {
            return fromMessage(message, message.getFrom());
        }
        if (u.getCallbackQuery() != null) {
            CallbackQuery query = u.getCallbackQuery();
            MaybeInaccessibleMessage attached = query.getMessage();
            if (attached instanceof Message full) {
                return fromMessage(full, query.getFrom());
            }
            Long chat = attached != null ? attached.getChatId() : null;
            return new UpdateIdentity(chat, userId(query.getFrom()), null, null);
        }
        if (u.getInlineQuery() != null) {
            return userOnly(u.getInlineQuery().getFrom());
        }
        if (u.getChosenInlineQuery() != null) {
            return userOnly(u.getChosenInlineQuery().getFrom());
        }
        if (u.getShippingQuery() != null) {
            return userOnly(u.getShippingQuery().getFrom());
        }
        if (u.getPreCheckoutQuery() != null) {
            return userOnly(u.getPreCheckoutQuery().getFrom());
        }
        if (u.getPollAnswer() != null) {
            Long user = userId(u.getPollAnswer().getUser());
            Long voterChat = chatId(u.getPollAnswer().getVoterChat());
            return new UpdateIdentity(voterChat, user, null, null);
        }
        if (u.getMyChatMember() != null) {
            return new UpdateIdentity(chatId(u.getMyChatMember().getChat()), userId(u.getMyChatMember().getFrom()),
                    null, null);
        }
        if (u.getChatMember() != null) {
            return new UpdateIdentity(chatId(u.getChatMember().getChat()), userId(u.getChatMember().getFrom()), null,
                    null);
        }
        if (u.getChatJoinRequest() != null) {
            return new UpdateIdentity(chatId(u.getChatJoinRequest().getChat()),
                    userId(u.getChatJoinRequest().getUser()), null, null);
        }
        if (u.getMessageReaction() != null) {
            Long user = userId(u.getMessageReaction().getUser());
            if (user == null) {
                user = chatId(u.getMessageReaction().getActorChat());
            }
            return new UpdateIdentity(chatId(u.getMessageReaction().getChat()), user, null, null);
        }
        if (u.getMessageReactionCount() != null) {
            return new UpdateIdentity(chatId(u.getMessageReactionCount().getChat()), null, null, null);
        }
        if (u.getChatBoost() != null) {
            return new UpdateIdentity(chatId(u.getChatBoost().getChat()), null, null, null);
        }
        if (u.getRemovedChatBoost() != null) {
            return new UpdateIdentity(chatId(u.getRemovedChatBoost().getChat()), null, null, null);
        }
        if (u.getBusinessConnection() != null) {
            var connection = u.getBusinessConnection();
            return new UpdateIdentity(connection.getUserChatId(), userId(connection.getUser()), null,
                    blankToNull(connection.getId()));
        }
        if (u.getDeletedBusinessMessages() != null) {
            var deleted = u.getDeletedBusinessMessages();
            return new UpdateIdentity(chatId(deleted.getChat()), null, null,
                    blankToNull(deleted.getBusinessConnectionId()));
        }
        if (u.getPaidMediaPurchased() != null) {
            return userOnly(u.getPaidMediaPurchased().getUser());
        }
        if (u.getManagedBot() != null) {
            return userOnly(u.getManagedBot().getUser());
        }
        return null;
    }

    private static UpdateIdentity fromMessage(Message message, User sender) {
        Long user = userId(sender);
        if (user == null) {
            user = chatId(message.getSenderChat());
        }
        Long thread = Boolean.TRUE.equals(message.getIsTopicMessage()) && message.getMessageThreadId() != null
                ? Long.valueOf(message.getMessageThreadId()) : null;
        return new UpdateIdentity(message.getChatId(), user, thread, blankToNull(message.getBusinessConnectionId()));
    }

    private static UpdateIdentity userOnly(User user) {
        return new UpdateIdentity(null, userId(user), null, null);
    }

    private static @Nullable Long userId(User user) {
        return user != null ? user.getId() : null;
    }

    private static @Nullable Long chatId(Chat chat) {
        return chat != null ? chat.getId() : null;
    }

    private static @Nullable String blankToNull(String s) {
        return (s == null || s.isEmpty()) ? null : s;
    }
}
