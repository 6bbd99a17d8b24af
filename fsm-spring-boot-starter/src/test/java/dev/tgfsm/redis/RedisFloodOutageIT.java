package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodFailureMode;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.OutboxSender;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The Redis holding the outbound limits dies between a commit and its send (a private redis-server,
 * killed): in {@link FloodFailureMode#HOLD HOLD} mode the reply stays in the outbox and is delivered
 * once when Redis is back; in {@link FloodFailureMode#LOCAL LOCAL} mode it goes out at once under
 * this process's own limits. Nothing is lost or sent twice either way.
 */
class RedisFloodOutageIT {

    private static final long BOT = 123456;

    private static final StorageKey KEY = StorageKey.of(BOT, 42, 42);

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private RedisProcess redis;

    private ClientResources resources;

    private LettuceConnectionFactory factory;

    private LocalBotApiServer server;

    private OutboxRelay relay;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        resources = LettuceResilience.clientResources();
        factory = LettuceResilience.standalone("127.0.0.1", redis.port(), resources, Duration.ofSeconds(2));
        server = LocalBotApiServer.start();
    }

    @AfterEach
    void stop() {
        try {
            factory.destroy();
            resources.shutdown();
            server.close();
        }
        finally {
            redis.close();
        }
    }

    private FsmContexts contexts(FloodFailureMode mode) {
        OkHttpTelegramClient client = new OkHttpTelegramClient(BOT + ":test-token", server.telegramUrl());
        OutboundLimiter limiter = new OutboundLimiter(
                new RedisPermitStore(factory, new KeyRenderer(RedisFsmStorageIT.randomPrefix())),
                FloodControlConfig.custom().failureMode(mode).build(), Clock.systemUTC());
        OutboxConfig outbox = OutboxConfig.custom().ackDelay(Duration.ofMillis(200))
                .redeliverAfter(Duration.ofMillis(500)).build();
        relay = new OutboxRelay(new OutboxSender(() -> client, outbox, limiter), Clock.systemUTC());
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null, relay);
    }

    private static void reply(FsmContexts contexts, String text) {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            tx.context().setState("talk:done");
            tx.outbox().send(SendMessage.builder().chatId(42L).text(text).build());
            tx.commit();
        }
    }

    private List<String> delivered() {
        return server.requests("sendMessage").stream().filter(r -> r.result() != null).map(r -> r.param("text"))
                .toList();
    }

    @Test
    void inHoldModeAReplyStaysInTheOutboxWhileRedisIsDownAndIsDeliveredOnceAfter() {
        FsmContexts contexts = contexts(FloodFailureMode.HOLD);
        reply(contexts, "warm-up");
        redis.kill();

        reply(contexts, "kept");
        assertThat(delivered()).containsExactly("warm-up");
        assertThat(storage.getState(KEY)).isEqualTo("talk:done");
        assertThat(String.valueOf(storage.load(KEY).meta().get(OutboxRelay.META))).contains("kept");

        redis.launch();
        OutboxFlusher flusher = new OutboxFlusher(contexts, relay, Clock.systemUTC(), Duration.ofMillis(100));
        flusher.start();
        try {
            server.awaitRequests("sendMessage", 2, Duration.ofSeconds(20));
        }
        finally {
            flusher.stop();
        }
        assertThat(delivered()).containsExactly("warm-up", "kept");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(OutboxRelay.META);
    }

    @Test
    void inLocalModeAReplyGoesOutAtOnceWhileRedisIsDown() {
        FsmContexts contexts = contexts(FloodFailureMode.LOCAL);
        reply(contexts, "warm-up");
        redis.kill();

        reply(contexts, "sent anyway");
        assertThat(delivered()).containsExactly("warm-up", "sent anyway");
        redis.launch();
    }
}
