package dev.tgfsm.telegram;

import java.util.Objects;

import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.starter.SpringLongPollingBot;

/**
 * The bot tgfsm registers with TelegramBots' long-polling starter when {@code tgfsm.bot.token} is set
 * and the application defines no {@link SpringLongPollingBot} of its own: its updates go to the
 * dispatcher.
 */
public final class FsmLongPollingBot implements SpringLongPollingBot {

    private final String token;

    private final LongPollingUpdateConsumer consumer;

    /**
     * Creates the bot.
     *
     * @param token the bot token
     * @param consumer receives the polled updates
     */
    public FsmLongPollingBot(String token, LongPollingUpdateConsumer consumer) {
        this.token = Objects.requireNonNull(token, "token must not be null");
        this.consumer = Objects.requireNonNull(consumer, "consumer must not be null");
    }

    @Override
    public String getBotToken() {
        return token;
    }

    @Override
    public LongPollingUpdateConsumer getUpdatesConsumer() {
        return consumer;
    }

    @Override
    public String toString() {
        return "FsmLongPollingBot[token=******]";
    }
}
