package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.OutboxSender;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Two instances on one store and the real TelegramBots client against the local Bot API server: a
 * reply answered {@code 429} with a {@code retry_after} that ends after its entry's sending deadline
 * is not retried by the instance that stored it; the instance taking the entry over sends it, and the
 * server receives it once.
 */
class OutboxDeadlineBotApiTests {

    private static final long BOT = 123456;

    private static final long CHAT = 42;

    /** Sending deadline 2 s after the entry was stored; the 3 s retry_after is within max-wait (10 s). */
    private static final OutboxConfig OUTBOX = OutboxConfig.custom().ackDelay(Duration.ofSeconds(1))
            .redeliverAfter(Duration.ofSeconds(3)).build();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private LocalBotApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalBotApiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One instance: its own client, flood control and relay (run id) on the shared storage. */
    private FsmContexts instance(Clock clock) {
        OkHttpTelegramClient client = new OkHttpTelegramClient(BOT + ":test-token", TelegramUrls.parse(server.url()));
        OutboundLimiter limiter = new OutboundLimiter(new InMemoryPermitStore(), FloodControlConfig.ofDefaults(),
                Clock.systemUTC());
        OutboxRelay relay = new OutboxRelay(new OutboxSender(() -> client, OUTBOX, limiter), clock);
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null, relay);
    }

    @Test
    void aRetryAfterPastTheDeadlineLeavesTheReplyToTheInstanceTakingItOverAndItArrivesOnce() throws Exception {
        FsmContexts first = instance(Clock.systemUTC());
        // the second instance handles the conversation once the entry came of age: its clock runs
        // redeliver-after ahead instead of the test sleeping
        FsmContexts second = instance(Clock.offset(Clock.systemUTC(), OUTBOX.redeliverAfter()));
        server.answerTooManyRequests(CHAT, 1, 3);
        StorageKey key = StorageKey.of(BOT, CHAT, CHAT);

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> first.inTransaction(key, tx -> {
            tx.outbox().send(SendMessage.builder().chatId(CHAT).text("once").build());
            return null;
        }));
        server.awaitRequests("sendMessage", 1, Duration.ofSeconds(10));
        second.inTransaction(key, tx -> tx.context().getState());
        sending.get(10, TimeUnit.SECONDS);

        assertThat(server.requests("sendMessage")).as("the 429, then the take-over's send; no retry by the first")
                .extracting(r -> r.result() != null).containsExactly(false, true);
        assertThat(server.requests("sendMessage").get(1).param("text")).isEqualTo("once");
    }
}
