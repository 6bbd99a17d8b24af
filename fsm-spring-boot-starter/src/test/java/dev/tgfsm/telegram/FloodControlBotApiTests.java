package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodLimit;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.OutboxSender;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.timeout.RestartNotifier;

/**
 * Outbound flood control through the outbox and the real TelegramBots client against the local Bot
 * API server, counted from the server's arrival times: replies to one chat go out at one per second,
 * a restart-notice broadcast at the global rate while a reply to another user overtakes it, and a
 * {@code 429} is retried after its {@code retry_after} (or, beyond the wait, redelivered later),
 * nothing lost or sent twice. Low limits (20 per second overall) keep the test short.
 */
class FloodControlBotApiTests {

    private static final long BOT = 123456;

    private static final FloodControlConfig LIMITS = FloodControlConfig.custom()
            .global(new FloodLimit(20, Duration.ofSeconds(1), 3)).chat(new FloodLimit(1, Duration.ofSeconds(1), 1))
            .maxWait(Duration.ofSeconds(5)).build();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private LocalBotApiServer server;

    private OutboxRelay relay;

    private FsmContexts contexts(FloodControlConfig limits, OutboxConfig outbox) throws Exception {
        server = LocalBotApiServer.start();
        OkHttpTelegramClient client = new OkHttpTelegramClient(BOT + ":test-token", TelegramUrls.parse(server.url()));
        client.execute(new GetMe()); // the first call of a client is slow; warm it so arrival times follow the permits
        OutboundLimiter limiter = new OutboundLimiter(new InMemoryPermitStore(), limits, Clock.systemUTC());
        relay = new OutboxRelay(new OutboxSender(() -> client, outbox, limiter), Clock.systemUTC());
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null, relay);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void reply(FsmContexts contexts, long chat, String text) {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, StorageKey.of(BOT, chat, chat))) {
            tx.context().setState("talk:" + text);
            tx.outbox().send(SendMessage.builder().chatId(chat).text(text).build());
            tx.commit();
        }
    }

    private List<LocalBotApiServer.Request> delivered(long chat) {
        return server.requests("sendMessage").stream().filter(r -> r.result() != null)
                .filter(r -> r.param("chat_id").equals(String.valueOf(chat))).toList();
    }

    @Test
    void repliesToOneChatGoOutAtOnePerSecond() throws Exception {
        FsmContexts contexts = contexts(LIMITS, OutboxConfig.ofDefaults());
        for (int i = 1; i <= 4; i++) {
            reply(contexts, 42, "reply " + i);
        }

        List<LocalBotApiServer.Request> sent = delivered(42);
        assertThat(sent).extracting(r -> r.param("text")).containsExactly("reply 1", "reply 2", "reply 3", "reply 4");
        assertThat(SendWindows.maxPerWindow(sent, 1000)).as("messages to one chat in any second")
                .isLessThanOrEqualTo(1 + 1);
        assertThat(SendWindows.maxPerWindow(sent, 2000)).as("in any two seconds").isLessThanOrEqualTo(2 + 1);
    }

    @Test
    void aBroadcastIsPacedAtTheGlobalRateAndAReplyOvertakesIt() throws Exception {
        FsmContexts contexts = contexts(LIMITS, OutboxConfig.ofDefaults());
        for (long chat = 1; chat <= 50; chat++) {
            storage.setState(StorageKey.of(BOT, chat, chat), "form:name");
        }
        RestartNotifier notifier = new RestartNotifier(contexts, Clock.systemUTC(), Duration.ofHours(1), "We are back");
        CompletableFuture<Integer> broadcast = CompletableFuture.supplyAsync(notifier::notifyActive);
        server.awaitRequests("sendMessage", 10, Duration.ofSeconds(10));
        reply(contexts, 999, "your answer");

        assertThat(broadcast.join()).isEqualTo(50);
        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).hasSize(51);
        assertThat(sent.stream().map(r -> r.param("chat_id")).distinct()).hasSize(51);
        assertThat(SendWindows.maxPerWindow(sent, 1000)).as("calls in any second").isLessThanOrEqualTo(20 + 2);
        int replyIndex = sent.indexOf(delivered(999).get(0));
        assertThat(replyIndex).as("the reply's place among the 51 calls").isLessThan(20);
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfterOnce() throws Exception {
        FsmContexts contexts = contexts(LIMITS, OutboxConfig.ofDefaults());
        server.answerTooManyRequests(42, 1, 2);
        reply(contexts, 42, "after a 429");

        List<LocalBotApiServer.Request> calls = server.requests("sendMessage");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).result()).as("the 429").isNull();
        assertThat(delivered(42)).extracting(r -> r.param("text")).containsExactly("after a 429");
        assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).as("retried after retry_after")
                .isGreaterThanOrEqualTo(1950);
    }

    @Test
    void tooManyRequestsBeyondTheWaitStaysPendingAndIsRedeliveredOnce() throws Exception {
        FloodControlConfig shortWait = FloodControlConfig.custom().global(LIMITS.global()).chat(LIMITS.chat())
                .maxWait(Duration.ofMillis(500)).build();
        OutboxConfig outbox = OutboxConfig.custom().ackDelay(Duration.ofMillis(200))
                .redeliverAfter(Duration.ofMillis(500)).build();
        FsmContexts contexts = contexts(shortWait, outbox);
        server.answerTooManyRequests(42, 1, 2);
        reply(contexts, 42, "kept");
        assertThat(delivered(42)).as("not sent while Telegram says wait").isEmpty();
        assertThat(storage.load(StorageKey.of(BOT, 42, 42)).meta()).containsKey(OutboxRelay.META);

        OutboxFlusher flusher = new OutboxFlusher(contexts, relay, Clock.systemUTC(), Duration.ofMillis(100));
        flusher.start();
        try {
            server.awaitRequests("sendMessage", 2, Duration.ofSeconds(10));
        }
        finally {
            flusher.stop();
        }
        List<LocalBotApiServer.Request> calls = server.requests("sendMessage");
        assertThat(delivered(42)).extracting(r -> r.param("text")).containsExactly("kept");
        assertThat(calls.get(calls.size() - 1).atMillis() - calls.get(0).atMillis()).isGreaterThanOrEqualTo(1950);
        assertThat(storage.load(StorageKey.of(BOT, 42, 42)).meta()).doesNotContainKey(OutboxRelay.META);
    }
}
