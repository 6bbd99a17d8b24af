package dev.tgfsm.routing;

import java.util.EnumSet;
import java.util.Set;

import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * The content-type and chat-type filters of a route; each set combines with OR, an empty set
 * accepts everything.
 *
 * @param contents the content types
 * @param chatTypes the chat types
 */
record RouteFilters(Set<ContentType> contents, Set<ChatType> chatTypes) {

    private static final Set<UpdateKind> WITH_MESSAGE = EnumSet.of(UpdateKind.MESSAGE, UpdateKind.EDITED_MESSAGE,
            UpdateKind.CHANNEL_POST, UpdateKind.EDITED_CHANNEL_POST, UpdateKind.BUSINESS_MESSAGE,
            UpdateKind.EDITED_BUSINESS_MESSAGE, UpdateKind.ALBUM, UpdateKind.SUCCESSFUL_PAYMENT, UpdateKind.ANY);

    private static final Set<UpdateKind> WITHOUT_CHAT = EnumSet.of(UpdateKind.CHOSEN_INLINE_RESULT,
            UpdateKind.SHIPPING_QUERY, UpdateKind.PRE_CHECKOUT_QUERY, UpdateKind.POLL, UpdateKind.POLL_ANSWER,
            UpdateKind.BUSINESS_CONNECTION);

    RouteFilters {
        contents = contents.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(contents));
        chatTypes = chatTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(chatTypes));
    }

    static boolean carriesMessage(UpdateKind kind) {
        return WITH_MESSAGE.contains(kind);
    }

    static boolean hasChat(UpdateKind kind) {
        return !WITHOUT_CHAT.contains(kind);
    }

    boolean test(Update update) {
        if (!contents.isEmpty()) {
            Message message = UpdateEvent.messageOf(update);
            if (message == null || contents.stream().noneMatch(type -> type.test(message))) {
                return false;
            }
        }
        if (chatTypes.isEmpty()) {
            return true;
        }
        ChatType type = ChatType.of(update);
        return type != null && chatTypes.contains(type);
    }

    @Override
    public String toString() {
        return (contents.isEmpty() ? "" : ", content " + EnumSet.copyOf(contents))
                + (chatTypes.isEmpty() ? "" : ", chat " + EnumSet.copyOf(chatTypes));
    }
}
