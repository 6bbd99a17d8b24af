package dev.tgfsm.ratelimit;

import java.util.Objects;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.outbound.OutboundLimiter;

/**
 * Tells a throttled user to slow down. {@link RateLimitingHandler} calls it at most once per period
 * and bucket.
 *
 * <p>{@link #message} sends the notice as a chat message; implement it for another kind of notice.
 */
@FunctionalInterface
public interface ThrottleNotifier {

    /**
     * Sends the notice.
     *
     * @param update the dropped update
     * @param decision the decision, with its {@code retryAfter}
     * @param text the configured notice with {@code {seconds}} already replaced
     * @throws Exception anything; it is logged and the update stays dropped
     */
    void notify(UpdateContext update, RateLimiter.Decision decision, String text) throws Exception;

    /**
     * A notifier that sends the text as a message to the update's chat (or user) through a
     * Telegram client.
     *
     * @param client the client
     * @return the notifier
     */
    static ThrottleNotifier message(TelegramClient client) {
        return message(client, OutboundLimiter.unlimited());
    }

    /**
     * A notifier that sends the text as a message to the update's chat (or user) through a
     * Telegram client, passing an outbound limiter.
     *
     * @param client the client
     * @param limiter the flood control the notice passes
     * @return the notifier
     */
    static ThrottleNotifier message(TelegramClient client, OutboundLimiter limiter) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(limiter, "limiter must not be null");
        return (update, decision, text) -> {
            Long chat = update.identity().map(i -> i.chatId() != null ? i.chatId() : i.userId()).orElse(null);
            if (chat == null) {
                return;
            }
            try {
                limiter.execute(client, SendMessage.builder().chatId(chat).text(text).build());
            }
            catch (TelegramApiException ex) {
                throw new IllegalStateException("Could not send the rate-limit notice to " + chat, ex);
            }
        };
    }
}
