package dev.tgfsm.key;

import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Builds the real TelegramBots objects the key tests feed in.
 */
final class Updates {

    private Updates() {
    }

    static User user(long id) {
        return new User(id, "User" + id, false);
    }

    static Chat chat(long id, String type) {
        return new Chat(id, type);
    }

    static Message message(long chatId, String chatType, User from) {
        Message message = new Message();
        message.setMessageId(10);
        message.setDate(1_700_000_000);
        message.setChat(chat(chatId, chatType));
        message.setFrom(from);
        return message;
    }
}
