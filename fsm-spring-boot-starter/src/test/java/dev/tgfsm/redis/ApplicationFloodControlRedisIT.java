package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.telegram.SendWindows;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The application's own calls through its injected {@link TelegramClient} with the limits on Redis:
 * two instances (two application contexts) on one Redis broadcasting at once stay under one global
 * rate, counted from the local Bot API server's arrival times; and when the Redis holding the limits is
 * killed (a private redis-server), {@code tgfsm.bot.flood.failure-mode=local} (the default) goes on
 * sending under this process's own limits, while {@code hold} fails the call with a
 * {@link StorageUnavailableException} and sends nothing.
 */
@RequiresServers(TestServer.REDIS)
class ApplicationFloodControlRedisIT {

    private static final String TOKEN = "123456:test-token";

    private LocalBotApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalBotApiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConfigurableApplicationContext instance(String host, int port, String prefix, String... properties) {
        return new SpringApplicationBuilder(Broadcaster.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + server.url(),
                        "tgfsm.bot.username=test_bot",
                        "tgfsm.bot.polling.enabled=false", "tgfsm.storage.type=redis", "tgfsm.redis.prefix=" + prefix,
                        "spring.data.redis.host=" + host, "spring.data.redis.port=" + port,
                        "spring.data.redis.repositories.enabled=false", "tgfsm.dispatcher.shutdown-timeout=5s")
                .properties(properties).run();
    }

    private static void send(TelegramClient client, long chat, String text) {
        try {
            client.execute(SendMessage.builder().chatId(chat).text(text).build());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static CompletableFuture<Void> broadcast(TelegramClient client, long first, int count) {
        return CompletableFuture.allOf(CompletableFuture.runAsync(() -> {
            for (int i = 0; i < count; i += 2) {
                send(client, first + i, "news");
            }
        }), CompletableFuture.runAsync(() -> {
            for (int i = 1; i < count; i += 2) {
                send(client, first + i, "news");
            }
        }));
    }

    @Test
    void twoInstancesOnOneRedisShareTheGlobalLimit() throws Exception {
        String prefix = "tgfsm-app-flood-it-" + System.nanoTime() + ":";
        String host = TestServer.REDIS.host();
        int port = TestServer.REDIS.port();
        try (ConfigurableApplicationContext first = instance(host, port, prefix);
                ConfigurableApplicationContext second = instance(host, port, prefix)) {
            TelegramClient one = first.getBean(TelegramClient.class);
            TelegramClient two = second.getBean(TelegramClient.class);
            one.execute(new GetMe()); // warms the HTTP clients, so arrival times follow the permits
            two.execute(new GetMe());
            CompletableFuture.allOf(broadcast(one, 1000, 100), broadcast(two, 2000, 100)).get();
        }
        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).hasSize(200).allSatisfy(r -> assertThat(r.result()).isNotNull());
        // 30 per second with a burst of 3: 32 in any second, plus room for delivery delays of a loaded
        // machine (unshared: about 60)
        assertThat(SendWindows.maxPerWindow(sent, 1000)).as("both instances in any second").isLessThanOrEqualTo(38);
        LongSummaryStatistics at = sent.stream().mapToLong(LocalBotApiServer.Request::atMillis).summaryStatistics();
        assertThat(at.getMax() - at.getMin()).as("200 calls at 30 per second span 6.6 s (unshared: 3.3 s)")
                .isGreaterThanOrEqualTo(5500);
    }

    @Test
    void whileRedisIsDownTheDefaultLocalModeGoesOnUnderThisProcesssLimits() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                ConfigurableApplicationContext app = instance("127.0.0.1", redis.port(), "tgfsm-app-flood-local:",
                        "tgfsm.bot.flood.chat.burst=1")) {
            TelegramClient client = app.getBean(TelegramClient.class);
            send(client, 7, "before");
            redis.kill();
            for (int i = 1; i <= 3; i++) {
                send(client, 7, "while down " + i);
            }
        }
        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).extracting(r -> r.param("text")).containsExactly("before", "while down 1", "while down 2",
                "while down 3");
        assertThat(SendWindows.maxPerWindow(sent.subList(1, 4), 1000)).as("still one per second to the chat")
                .isLessThanOrEqualTo(1 + 1);
    }

    @Test
    void whileRedisIsDownHoldModeFailsTheCallAndSendsNothing() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                ConfigurableApplicationContext app = instance("127.0.0.1", redis.port(), "tgfsm-app-flood-hold:",
                        "tgfsm.bot.flood.failure-mode=hold")) {
            TelegramClient client = app.getBean(TelegramClient.class);
            send(client, 7, "before");
            redis.kill();
            assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(7L).text("while down").build()))
                    .isInstanceOf(StorageUnavailableException.class);
        }
        assertThat(server.requests("sendMessage")).extracting(r -> r.param("text")).containsExactly("before");
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Broadcaster {
    }
}
