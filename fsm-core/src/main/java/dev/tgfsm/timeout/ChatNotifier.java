package dev.tgfsm.timeout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.key.StorageKey;

/**
 * Sends the plain texts of timeouts and restart notices to a chat (and its forum topic), logging a
 * failure instead of throwing: the state change they follow is already committed.
 */
final class ChatNotifier {

    private static final Logger log = LoggerFactory.getLogger(ChatNotifier.class);

    private final TelegramClient client;

    ChatNotifier(TelegramClient client) {
        this.client = client;
    }

    void send(StorageKey key, long chatId, String text) {
        SendMessage.SendMessageBuilder<?, ?> message = SendMessage.builder().chatId(chatId).text(text);
        if (key.threadId() != null && key.chatId() == chatId) {
            message.messageThreadId(key.threadId().intValue());
        }
        try {
            client.execute(message.build());
        }
        catch (TelegramApiException | RuntimeException ex) {
            log.warn("Could not send a message to chat {}: {}", chatId, ex.toString());
        }
    }
}
