package dev.tgfsm.timeout;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.key.StorageKey;

/**
 * Queues the plain texts of timeouts and restart notices to a chat (and its forum topic) in the
 * unit of work's outbox, so they are sent only after the state change they follow was committed.
 */
final class ChatNotifier {

    private ChatNotifier() {
    }

    static void send(FsmTransaction tx, StorageKey key, long chatId, String text) {
        SendMessage.SendMessageBuilder<?, ?> message = SendMessage.builder().chatId(chatId).text(text);
        if (key.threadId() != null && key.chatId() == chatId) {
            message.messageThreadId(key.threadId().intValue());
        }
        tx.outbox().send(message.build());
    }
}
