package dev.tgfsm.outbox;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.Internal;
import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodFailureMode;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimitException;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Sends outbox calls through a {@link TelegramClient}, one at a time:
 * <ul>
 * <li>a Bot API refusal (4xx) is final: logged at WARN with the method and Telegram's description,
 * and, for a message to a chat, the chat gets {@link OutboxConfig#errorText()} instead of silence;
 * "message is not modified" and, for deletions, a message that is already gone are not refusals;</li>
 * <li>every call passes the {@link OutboundLimiter} (Telegram's flood limits, and its rule for
 * {@code 429 Too Many Requests}: wait {@code retry_after}, then try again); a call that cannot go out
 * within the limiter's wait, or while its store is down in {@link FloodFailureMode#HOLD
 * HOLD} mode, counts as failed and stays pending for redelivery;</li>
 * <li>network errors and server errors (5xx) are tried {@link OutboxConfig#maxAttempts()} times with
 * doubling back-off; then the call counts as failed and stays pending for redelivery;</li>
 * <li>a call of a stored entry has a deadline, the moment another instance could take the entry over
 * (see {@link OutboxRelay}): no attempt starts after it, and no wait (for permits, a
 * {@code retry_after}, a back-off) reaches past it; the call then counts as failed, unsent, and stays
 * pending.</li>
 * </ul>
 * Thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class OutboxSender {

    /** What became of one call. */
    enum Status {
        /** The Bot API accepted it (or it had nothing left to do). */
        DELIVERED,
        /** The Bot API refused it for good (4xx). */
        REFUSED,
        /** It could not be delivered now; it stays pending. */
        FAILED
    }

    /** The outcome of one call. */
    record Result(Status status, @Nullable Serializable value) {
    }

    /**
     * The last moment (in {@code clock}'s millis) a call of a stored entry may be sent or tried again:
     * after it another instance may take the entry over and send it too.
     */
    record Deadline(Clock clock, long at) {

        /** Milliseconds left, zero or negative once passed. */
        long left() {
            return at - clock.millis();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final LongFunction<TelegramClient> clients;

    private final OutboxConfig config;

    private final StoredCalls format = new StoredCalls();

    private final OutboundLimiter limiter;

    private volatile MessageResolver messages = MessageResolver.english();

    /**
     * Creates a sender without flood control: a {@code 429}'s {@code retry_after} of up to
     * {@link OutboxConfig#maxRetryAfter()} is waited and the call tried again.
     *
     * @param client the client
     * @param config retries, back-off and the error text
     */
    public OutboxSender(TelegramClient client, OutboxConfig config) {
        this(constant(Objects.requireNonNull(client, "client must not be null")), config);
    }

    /**
     * Creates a sender whose client is looked up when first needed (for example from a Spring
     * {@code ObjectProvider}).
     *
     * @param client supplies the client, or {@code null} when none is configured
     * @param config retries, back-off and the error text
     */
    public OutboxSender(Supplier<TelegramClient> client, OutboxConfig config) {
        this(client, config, unlimited(config));
    }

    /**
     * Creates a sender whose calls pass an outbound limiter.
     *
     * @param client supplies the client, or {@code null} when none is configured
     * @param config retries, back-off and the error text
     * @param limiter the flood control every call passes
     */
    public OutboxSender(Supplier<TelegramClient> client, OutboxConfig config, OutboundLimiter limiter) {
        this(config, byBot(Objects.requireNonNull(client, "client must not be null")), limiter);
    }

    /**
     * Creates a sender for several bots sharing one store, without flood control: see
     * {@link #perBot(LongFunction, OutboxConfig, OutboundLimiter)}.
     *
     * @param clients the client of each bot id, {@code null} for a bot without one
     * @param config retries, back-off and the error text
     * @return the sender
     */
    public static OutboxSender perBot(LongFunction<TelegramClient> clients, OutboxConfig config) {
        return new OutboxSender(config, clients, unlimited(config));
    }

    /**
     * Creates a sender for several bots sharing one store: each call is sent through the client of the
     * bot whose conversation queued it ({@link StorageKey#botId()}); a call whose conversation is not
     * known (an error notice after a failed commit) goes through the client for bot 0.
     *
     * @param clients the client of each bot id, {@code null} for a bot without one
     * @param config retries, back-off and the error text
     * @param limiter the flood control every call passes (its buckets are per bot id)
     * @return the sender
     */
    public static OutboxSender perBot(LongFunction<TelegramClient> clients, OutboxConfig config,
            OutboundLimiter limiter) {
        return new OutboxSender(config, clients, limiter);
    }

    private OutboxSender(OutboxConfig config, LongFunction<TelegramClient> clients, OutboundLimiter limiter) {
        this.clients = Objects.requireNonNull(clients, "clients must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
    }

    /** No flood control; only a 429's retry_after is honoured, up to the outbox's longest wait. */
    private static OutboundLimiter unlimited(OutboxConfig config) {
        return new OutboundLimiter(new InMemoryPermitStore(), FloodControlConfig.custom()
                .enabled(false).maxWait(config.maxRetryAfter()).build(), Clock.systemUTC());
    }

    private static LongFunction<TelegramClient> byBot(Supplier<TelegramClient> client) {
        return (bot) -> client.get();
    }

    private static Supplier<TelegramClient> constant(TelegramClient client) {
        return () -> client;
    }

    /**
     * Tells whether a client is there to send with.
     *
     * @return {@code true} if calls can be sent
     */
    public boolean isAvailable() {
        return clients.apply(0) != null;
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public OutboxConfig config() {
        return config;
    }

    /** Sends a call, its fallback if it is refused, and the error text if that is refused too. */
    Result send(BotApiMethod<? extends Serializable> method, @Nullable BotApiMethod<? extends Serializable> fallback,
            Object where, @Nullable Deadline deadline, @Nullable String language) {
        Result result = attempt(method, where, deadline);
        BotApiMethod<? extends Serializable> refused = method;
        if (result.status() == Status.REFUSED && fallback != null) {
            log.debug("{} of {} was refused, sending {} instead", method.getMethod(), where, fallback.getMethod());
            result = attempt(fallback, where, deadline);
            refused = fallback;
        }
        if (result.status() == Status.REFUSED) {
            tellUser(refused, where, deadline, language);
        }
        return result;
    }

    /**
     * Sets how the error text is put in a language: the language stored with the refused call (the
     * user's Telegram {@code language_code}), else the resolver's default locale; English by default.
     *
     * @param resolver the resolver
     */
    public void setMessages(MessageResolver resolver) {
        this.messages = Objects.requireNonNull(resolver, "resolver must not be null");
    }

    /** Sends the error text to the chat of a message the Bot API refused, once, if possible. */
    void tellUser(BotApiMethod<?> refused, Object where, @Nullable Deadline deadline, @Nullable String language) {
        if (refused.getMethod().startsWith("send")) {
            notice(format.body(refused), where, deadline, language);
        }
    }

    /** Sends the error text to the chat (and topic) named by a call's JSON fields, if any. */
    void notice(Map<String, Object> body, Object where, @Nullable Deadline deadline, @Nullable String language) {
        Object chat = body.get("chat_id");
        Locale locale = language != null ? Locale.forLanguageTag(language) : messages.defaultLocale();
        String text = messages.configured(locale, LibraryText.DELIVERY_FAILED, config.errorText());
        if (text == null || chat == null || text.equals(body.get("text"))
                || config.errorText().equals(body.get("text"))) {
            return;
        }
        SendMessage notice = SendMessage.builder().chatId(chat.toString()).text(text).build();
        if (body.get("message_thread_id") instanceof Number thread) {
            notice.setMessageThreadId(thread.intValue());
        }
        if (body.get("business_connection_id") instanceof String business) {
            notice.setBusinessConnectionId(business);
        }
        attempt(notice, where, deadline);
    }

    private Result attempt(BotApiMethod<? extends Serializable> method, Object where, @Nullable Deadline deadline) {
        TelegramClient telegram = clients.apply(where instanceof StorageKey key ? key.botId() : 0);
        if (telegram == null) {
            log.warn("No TelegramClient is configured; {} of {} stays pending", method.getMethod(), where);
            return new Result(Status.FAILED, null);
        }
        long backoff = config.retryBackoff().toMillis();
        for (int attempt = 1;; attempt++) {
            long wait;
            if (deadline != null && deadline.left() <= 0) {
                log.warn("{} of {} was not sent before another instance may take it over; it stays pending",
                        method.getMethod(), where);
                return new Result(Status.FAILED, null);
            }
            try {
                return new Result(Status.DELIVERED, execute(telegram, method, where, deadline));
            }
            catch (OutboundLimitException | StorageUnavailableException ex) {
                log.warn("{} of {} could not pass flood control; it stays pending: {}", method.getMethod(), where,
                        ex.getMessage());
                return new Result(Status.FAILED, null);
            }
            catch (TelegramApiRequestException ex) {
                Integer code = ex.getErrorCode();
                String description = ex.getApiResponse() != null ? ex.getApiResponse() : ex.getMessage();
                if (code != null && code == 429) {
                    // the limiter retried while the retry_after fitted in its wait
                    Integer retryAfter = ex.getParameters() != null ? ex.getParameters().getRetryAfter() : null;
                    log.warn("{} of {} is rate limited (retry after {} s); it stays pending", method.getMethod(),
                            where, retryAfter);
                    return new Result(Status.FAILED, null);
                }
                if (code != null && code >= 400 && code < 500) {
                    if (isHarmless(method, description)) {
                        log.debug("{} of {}: nothing to do ({})", method.getMethod(), where, description);
                        return new Result(Status.DELIVERED, null);
                    }
                    log.warn("The Bot API refused {} of {}: {} {}", method.getMethod(), where, code, description);
                    return new Result(Status.REFUSED, null);
                }
                else if (attempt >= config.maxAttempts()) {
                    log.warn("{} of {} failed {} time(s) ({}); it stays pending", method.getMethod(), where, attempt,
                            description);
                    return new Result(Status.FAILED, null);
                }
                else {
                    wait = backoff;
                    backoff *= 2;
                }
            }
            catch (TelegramApiException | RuntimeException ex) {
                if (attempt >= config.maxAttempts()) {
                    log.warn("{} of {} failed {} time(s) ({}); it stays pending", method.getMethod(), where, attempt,
                            ex.toString());
                    return new Result(Status.FAILED, null);
                }
                wait = backoff;
                backoff *= 2;
            }
            if (deadline != null && wait >= deadline.left()) {
                log.warn("{} of {} cannot be tried again before another instance may take it over; it stays pending",
                        method.getMethod(), where);
                return new Result(Status.FAILED, null);
            }
            if (!pause(wait)) {
                return new Result(Status.FAILED, null);
            }
        }
    }

    private <T extends Serializable> T execute(TelegramClient telegram, BotApiMethod<T> method, Object where,
            @Nullable Deadline deadline) throws TelegramApiException {
        if (!(where instanceof StorageKey key)) {
            return limiter.execute(telegram, method);
        }
        return deadline == null ? limiter.execute(key.botId(), telegram, method)
                : limiter.execute(key.botId(), telegram, method, Duration.ofMillis(deadline.left()));
    }

    private static boolean pause(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Telegram's answers that mean the call has nothing left to do. */
    static boolean isHarmless(BotApiMethod<?> method, @Nullable String description) {
        String text = String.valueOf(description).toLowerCase(Locale.ROOT);
        if (text.contains("message is not modified")) {
            return true;
        }
        if (method.getMethod().toLowerCase(Locale.ROOT).startsWith("delete")) {
            return text.contains("not found") || text.contains("message can't be deleted");
        }
        return false;
    }
}
