package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.ApiResponse;
import org.telegram.telegrambots.meta.api.objects.ResponseParameters;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

class OutboxSenderTests {

    private static final StorageKey KEY = StorageKey.of(4, 40, 40);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(4, clock);

    /** Failures the Bot API answers with before the recording client takes the call. */
    private final Deque<TelegramApiException> failures = new ArrayDeque<>();

    private final AtomicInteger attempts = new AtomicInteger();

    private final TelegramClient flaky = (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
            new Class<?>[]{TelegramClient.class}, (proxy, method, args) -> {
                if (method.getDeclaringClass() != Object.class && method.getName().equals("execute")) {
                    attempts.incrementAndGet();
                    TelegramApiException failure = failures.poll();
                    if (failure != null) {
                        throw failure;
                    }
                }
                try {
                    return method.invoke(telegram.client(), args);
                }
                catch (InvocationTargetException ex) {
                    throw ex.getCause();
                }
            });

    private FsmContexts contexts(OutboxConfig config) {
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null,
                new OutboxRelay(new OutboxSender(flaky, config), clock));
    }

    private static TelegramApiRequestException answer(int code, String description, Integer retryAfter) {
        return new TelegramApiRequestException("Error executing sendMessage",
                new ApiResponse<>(false, code, description,
                        retryAfter != null ? new ResponseParameters(null, retryAfter) : null, null));
    }

    private static void send(FsmContexts contexts, String... texts) {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            tx.context().getState();
            for (String text : texts) {
                tx.outbox().send(SendMessage.builder().chatId(40L).text(text).build());
            }
            tx.commit();
        }
    }

    @Test
    void aRateLimitedCallWaitsRetryAfterAndIsSentOnce() {
        failures.add(answer(429, "Too Many Requests: retry after 0", 0));

        send(contexts(OutboxConfig.ofDefaults()), "hello");

        assertThat(attempts).hasValue(2);
        assertThat(telegram.texts()).containsExactly("hello");
    }

    @Test
    void serverErrorsAreRetriedWithBackOff() {
        failures.add(answer(502, "Bad Gateway", null));
        failures.add(answer(500, "Internal Server Error", null));

        send(contexts(OutboxConfig.custom().retryBackoff(Duration.ZERO).build()), "hello");

        assertThat(attempts).hasValue(3);
        assertThat(telegram.texts()).containsExactly("hello");
    }

    @Test
    void aRetryAfterAboveTheBoundLeavesTheCallPending() {
        failures.add(answer(429, "Too Many Requests: retry after 60", 60));

        send(contexts(OutboxConfig.ofDefaults()), "hello");

        assertThat(attempts).hasValue(1);
        assertThat(telegram.calls()).isEmpty();
        assertThat(storage.load(KEY).meta()).containsKey(OutboxRelay.META);
    }

    @Test
    void aRetryAfterReachingPastTheEntrysDeadlineIsNotWaitedAndTheInstanceTakingItOverSendsItOnce() {
        OutboxConfig config = OutboxConfig.ofDefaults();
        failures.add(answer(429, "Too Many Requests: retry after 9", 9));

        send(contexts(config), "hello");

        assertThat(attempts).as("9 s is within maxRetryAfter, but past redeliverAfter - ackDelay").hasValue(1);
        assertThat(telegram.calls()).isEmpty();
        clock.advance(config.redeliverAfter());
        send(contexts(config));
        assertThat(telegram.texts()).containsExactly("hello");
    }

    @Test
    void aBackOffReachingPastTheEntrysDeadlineIsNotWaited() {
        failures.add(answer(502, "Bad Gateway", null));

        send(contexts(OutboxConfig.custom().retryBackoff(Duration.ofSeconds(9)).build()), "hello");

        assertThat(attempts).hasValue(1);
        assertThat(telegram.calls()).isEmpty();
        assertThat(storage.load(KEY).meta()).containsKey(OutboxRelay.META);
    }

    @Test
    void networkErrorsBeyondTheAttemptsLeaveTheCallsPendingAndTheNextUnitOfWorkSendsThemInOrder() {
        FsmContexts contexts = contexts(OutboxConfig.custom().maxAttempts(2).retryBackoff(Duration.ZERO).build());
        failures.add(new TelegramApiException("connection refused"));
        failures.add(new TelegramApiException("connection refused"));

        send(contexts, "first", "second");
        assertThat(telegram.calls()).as("stopped at the first failure, so the order is kept").isEmpty();

        send(contexts, "third");

        assertThat(telegram.texts()).containsExactly("first", "second", "third");
        clock.advance(Duration.ofMinutes(1));
        send(contexts);
        assertThat(storage.load(KEY).meta()).doesNotContainKey(OutboxRelay.META);
        assertThat(telegram.texts()).hasSize(3);
    }

    @Test
    void anEditOfAMessageThatIsGoneFallsBackToItsReplacement() {
        telegram.failNext("editMessageText", "Bad Request: message to edit not found");
        FsmContexts contexts = contexts(OutboxConfig.ofDefaults());
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            tx.outbox().sendOrElse(
                    EditMessageText.builder().chatId(40L)
                            .messageId(7).text("menu").build(),
                    SendMessage.builder().chatId(40L).text("menu").build(), null);
            tx.commit();
        }
        assertThat(telegram.calls()).extracting(c -> c.method()).containsExactly("editmessagetext", "sendmessage");
        assertThat(telegram.texts()).as("no error text: the replacement was delivered").containsExactly("menu", "menu");
    }
}
