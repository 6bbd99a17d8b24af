package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.resource.ClientResources;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodLimit;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbound.OutboundPriority;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.telegram.SendWindows;

/**
 * Outbound flood control shared through one real Redis: three limiter instances, each with its own
 * connection factory and Bot API client, together stay under the global limit and the per-chat
 * limit; a {@code 429} seen by one pauses the chat for the others; each permit request is one
 * {@code EVALSHA}. Counted from the local Bot API server's arrival times, with low limits (20 per
 * second overall) to keep it short.
 */
class RedisFloodControlIT {

    private static final long BOT = 123456;

    private static final FloodControlConfig LIMITS = FloodControlConfig.custom()
            .global(new FloodLimit(20, Duration.ofSeconds(1), 1)).chat(new FloodLimit(1, Duration.ofSeconds(1), 1))
            .maxWait(Duration.ofSeconds(10)).build();

    private static RedisProcess redis;

    private static ClientResources resources;

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private final List<OutboundLimiter> limiters = new ArrayList<>();

    private final List<OkHttpTelegramClient> clients = new ArrayList<>();

    private LocalBotApiServer server;

    private KeyRenderer renderer;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        resources = LettuceResilience.clientResources();
    }

    @AfterAll
    static void stopRedis() {
        try {
            resources.shutdown();
        }
        finally {
            redis.close();
        }
    }

    @BeforeEach
    void startInstances() throws Exception {
        server = LocalBotApiServer.start();
        renderer = new KeyRenderer(RedisFsmStorageIT.randomPrefix());
        for (int i = 0; i < 3; i++) {
            LettuceConnectionFactory factory = LettuceResilience.standalone("127.0.0.1", redis.port(), resources,
                    Duration.ofSeconds(2));
            factories.add(factory);
            limiters.add(new OutboundLimiter(new RedisPermitStore(factory, renderer), LIMITS, Clock.systemUTC(), BOT));
            OkHttpTelegramClient client = new OkHttpTelegramClient(BOT + ":test-token", server.telegramUrl());
            client.execute(new GetMe()); // the first call of a client is slow; warm it so arrival times follow the permits
            clients.add(client);
        }
    }

    @AfterEach
    void stopInstances() {
        factories.forEach(LettuceConnectionFactory::destroy);
        server.close();
    }

    private CompletableFuture<Void> send(int instance, List<Long> chats, boolean background) {
        return CompletableFuture.runAsync(() -> {
            Runnable all = () -> {
                for (long chat : chats) {
                    try {
                        limiters.get(instance).execute(clients.get(instance),
                                SendMessage.builder().chatId(chat).text("from " + instance).build());
                    }
                    catch (TelegramApiException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            };
            if (background) {
                OutboundPriority.background(all);
            }
            else {
                all.run();
            }
        });
    }

    @Test
    void threeInstancesBroadcastingTogetherStayUnderTheGlobalLimit() {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int instance = 0; instance < 3; instance++) {
            List<Long> chats = new ArrayList<>();
            for (long j = 0; j < 20; j++) {
                chats.add(1000L * (instance + 1) + j);
            }
            runs.add(send(instance, chats, true));
        }
        runs.forEach(CompletableFuture::join);

        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).hasSize(60);
        assertThat(sent.stream().map(r -> r.param("chat_id")).distinct()).hasSize(60);
        assertThat(SendWindows.maxPerWindow(sent, 1000)).as("calls in any second, all instances")
                .isLessThanOrEqualTo(20 + 1);
    }

    @Test
    void threeInstancesSendingToOneChatShareItsLimit() {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int instance = 0; instance < 3; instance++) {
            runs.add(send(instance, List.of(7L), false));
        }
        runs.forEach(CompletableFuture::join);

        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).extracting(r -> r.param("text")).containsExactlyInAnyOrder("from 0", "from 1", "from 2");
        assertThat(SendWindows.maxPerWindow(sent, 1000)).as("messages to one chat in any second").isLessThanOrEqualTo(1 + 1);
        assertThat(SendWindows.maxPerWindow(sent, 2000)).as("in any two seconds").isLessThanOrEqualTo(2 + 1);
    }

    @Test
    void aTooManyRequestsSeenByOneInstancePausesTheChatForTheOthers() {
        server.answerTooManyRequests(42, 1, 2);
        CompletableFuture<Void> first = send(0, List.of(42L), false);
        LocalBotApiServer.Request refused = server.awaitRequests("sendMessage", 1, Duration.ofSeconds(10)).get(0);
        awaitHold(42, refused.atMillis() + 1900);
        send(1, List.of(42L), false).join();
        first.join();

        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).hasSize(3);
        assertThat(sent.subList(1, 3)).allSatisfy(r -> {
            assertThat(r.result()).isNotNull();
            assertThat(r.atMillis() - refused.atMillis()).isGreaterThanOrEqualTo(1950);
        });
    }

    /** Waits (bounded) until instance 0 has booked the chat's bucket up to at least a time. */
    private void awaitHold(long chat, long untilMillis) {
        String key = renderer.prefix() + "#flood{" + BOT + "}:c:" + chat;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String tat = redis.cli("GET", key).trim();
            if (!tat.isEmpty() && Long.parseLong(tat) / 1000 >= untilMillis) {
                return;
            }
            assertThat(System.nanoTime()).as("the chat's bucket is held").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void eachPermitRequestIsOneEvalsha() {
        RedisPermitStore store = new RedisPermitStore(factories.get(0), renderer);
        List<Bucket> buckets = List.of(new Bucket("g", Duration.ofMillis(1), Duration.ofMillis(1)),
                new Bucket("c:-100", Duration.ofMillis(1), Duration.ofMillis(1)),
                new Bucket("m:-100", Duration.ofMillis(1), Duration.ofMillis(1)));
        store.tryAcquire(BOT, buckets, Instant.now());
        for (int i = 0; i < 3; i++) {
            Map<String, Long> before = CommandStats.of(redis);
            Duration wait = store.tryAcquire(BOT, buckets, Instant.now());
            Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));
            delta.keySet().removeAll(Set.of("get", "set"));
            assertThat(delta).as("permit %d (global, chat and group buckets; waited %s)", i, wait)
                    .isEqualTo(Map.of("evalsha", 1L));
        }
    }
}
