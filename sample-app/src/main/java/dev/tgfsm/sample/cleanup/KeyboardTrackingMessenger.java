package dev.tgfsm.sample.cleanup;

import java.util.Objects;

import org.springframework.beans.factory.ObjectProvider;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.flow.Keyboard;
import dev.tgfsm.flow.Messenger;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.garbage.GarbageStateRegistry;

/**
 * The flow engine's {@link Messenger} with clean-up of old keyboards: every prompt that carries
 * buttons (a choice, the product list, "Did you mean" suggestions) is tracked in the
 * {@link GarbageStateRegistry}, so it is deleted once the conversation's state changes and its
 * buttons would be stale. Plain texts (questions, results, "Cancelled") stay in the chat.
 *
 * <p>Sending itself is {@link TelegramMessenger}'s; this class only sees the message Telegram
 * returns. Without a registry (clean-up switched off with {@code tgfsm.garbage.enabled=false})
 * nothing is tracked.
 */
public final class KeyboardTrackingMessenger implements Messenger {

    private final ObjectProvider<TelegramClient> client;

    private final ObjectProvider<GarbageStateRegistry> garbage;

    /**
     * Creates the messenger; both collaborators are looked up on first use.
     *
     * @param client sends the messages
     * @param garbage tracks the prompts with buttons, if present
     */
    public KeyboardTrackingMessenger(ObjectProvider<TelegramClient> client,
            ObjectProvider<GarbageStateRegistry> garbage) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.garbage = Objects.requireNonNull(garbage, "garbage must not be null");
    }

    @Override
    public Message send(UpdateContext update, String text, Keyboard keyboard) {
        Message sent = new TelegramMessenger(client.getObject()).send(update, text, keyboard);
        GarbageStateRegistry registry = garbage.getIfAvailable();
        boolean buttons = keyboard != null && !keyboard.rows().isEmpty();
        if (buttons && registry != null && update.hasConversation() && sent != null) {
            registry.trackSent(update.context(), sent);
        }
        return sent;
    }

    @Override
    public void answerCallback(UpdateContext update, String notice) {
        new TelegramMessenger(client.getObject()).answerCallback(update, notice);
    }
}
