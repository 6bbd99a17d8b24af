package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmFloodControlAutoConfiguration;
import dev.tgfsm.autoconfigure.telegram.FsmTelegramAutoConfiguration;
import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.FloodControlledTelegramClient;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.scope.Director;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The calls an application makes itself through the {@link TelegramClient} it injects, against the
 * real TelegramBots client and the local Bot API server, counted from the server's arrival times: a
 * broadcast to 200 chats while 30 messages go to one chat keeps the global and the per-chat rate, a
 * {@code 429} is waited and retried, a {@code 400} is not, the library's own replies take one permit
 * each (counted at the permit store), and an application's own client or
 * {@code tgfsm.bot.flood.limit-application-calls=false} leaves the client unwrapped.
 */
class ApplicationFloodControlBotApiTests {

    private static final String TOKEN = "123456:test-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private LocalBotApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalBotApiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SpringApplicationBuilder application(Class<?> type, String... properties) {
        return new SpringApplicationBuilder(type).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + server.url(),
                        "tgfsm.bot.username=test_bot",
                        "tgfsm.storage.type=memory", "tgfsm.bot.polling.enabled=false",
                        "tgfsm.dispatcher.shutdown-timeout=5s")
                .properties(properties);
    }

    private List<LocalBotApiServer.Request> delivered() {
        return server.requests("sendMessage").stream().filter(r -> r.result() != null).toList();
    }

    /** Sends {@code count} messages to chats {@code first ...} (or all to {@code first}) from 4 threads. */
    static CompletableFuture<Void> send(TelegramClient client, long first, int count, boolean oneChat) {
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            int from = thread;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = from; i < count; i += 4) {
                    try {
                        client.execute(
                                SendMessage.builder().chatId(oneChat ? first : first + i).text("news " + i).build());
                    }
                    catch (TelegramApiException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            }));
        }
        return CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new));
    }

    @Test
    void aBroadcastAndARunToOneChatThroughTheInjectedClientKeepTheLimits() throws Exception {
        try (ConfigurableApplicationContext app = application(Plain.class, "tgfsm.bot.flood.chat.permits=5").run()) {
            TelegramClient client = app.getBean(TelegramClient.class);
            client.execute(new GetMe()); // warms the HTTP client, so arrival times follow the permits
            CompletableFuture.allOf(send(client, 1000, 200, false), send(client, 42, 30, true)).get();
        }

        List<LocalBotApiServer.Request> sent = delivered();
        assertThat(sent).hasSize(230);
        assertThat(sent.stream().map(r -> r.param("chat_id")).distinct()).hasSize(201);
        // GCRA: at most permits + burst - 1 in any period, plus room for delivery delays of a loaded
        // machine (unlimited: all 230 within about a second)
        assertThat(SendWindows.maxPerWindow(sent, 1000)).as("calls in any second (30/s, burst 3)")
                .isLessThanOrEqualTo(30 + 2 + 4);
        assertThat(span(sent)).as("230 calls at 30 per second span 7.6 s").isGreaterThanOrEqualTo(6500);
        List<LocalBotApiServer.Request> oneChat = sent.stream().filter(r -> r.param("chat_id").equals("42")).toList();
        assertThat(SendWindows.maxPerWindow(oneChat, 1000)).as("to chat 42 in any second (5/s, burst 3)")
                .isLessThanOrEqualTo(5 + 2 + 1);
        assertThat(SendWindows.maxPerWindow(oneChat, 3000)).as("to chat 42 in any 3 seconds")
                .isLessThanOrEqualTo(15 + 2 + 1);
        assertThat(span(oneChat)).as("30 calls at 5 per second span 5.4 s").isGreaterThanOrEqualTo(4500);
    }

    private static long span(List<LocalBotApiServer.Request> requests) {
        LongSummaryStatistics at = requests.stream().mapToLong(LocalBotApiServer.Request::atMillis).summaryStatistics();
        return at.getMax() - at.getMin();
    }

    @Test
    void tooManyRequestsIsWaitedAndRetriedOnce() throws Exception {
        try (ConfigurableApplicationContext app = application(Plain.class).run()) {
            server.answerTooManyRequests(42, 1, 1);
            assertThat(app.getBean(TelegramClient.class)
                    .execute(SendMessage.builder().chatId(42L).text("after a 429").build()).getText())
                    .isEqualTo("after a 429");
        }
        List<LocalBotApiServer.Request> calls = server.requests("sendMessage");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).result()).as("the 429").isNull();
        assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).as("retried after retry_after")
                .isGreaterThanOrEqualTo(950);
    }

    @Test
    void aBadRequestIsNotRetried() {
        try (ConfigurableApplicationContext app = application(Plain.class).run()) {
            TelegramClient client = app.getBean(TelegramClient.class);
            assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(42L).text("x".repeat(5000)).build()))
                    .isInstanceOfSatisfying(TelegramApiRequestException.class,
                            ex -> assertThat(ex.getErrorCode()).isEqualTo(400));
        }
        assertThat(server.requests("sendMessage")).hasSize(1);
    }

    @Test
    void theLibrarysRepliesAndTheApplicationsCallsTakeOnePermitEach() {
        try (ConfigurableApplicationContext app = application(Replying.class, "tgfsm.bot.polling.enabled=true",
                "tgfsm.bot.polling.timeout=1s").run()) {
            for (long user = 1; user <= 3; user++) {
                server.enqueueMessage(user, "hello");
            }
            server.awaitRequests("sendMessage", 9, WAIT);
            assertThat(delivered()).hasSize(9);
            assertThat(app.getBean(CountingPermitStore.class).granted)
                    .as("permits: two replies and one call per update")
                    .hasValue(9);
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmFloodControlAutoConfiguration.class,
                    FsmTelegramAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.token=" + TOKEN,
                    "tgfsm.bot.polling.enabled=false");

    @Test
    void theClientTgfsmMakesIsFloodControlledUnlessSwitchedOff() {
        runner.run(context -> {
            assertThat(FloodControlledTelegramClient.isFloodControlled(context.getBean(TelegramClient.class))).isTrue();
            assertThat(context.getBean(OkHttpTelegramClient.class)).as("the plain client stays a bean").isNotNull();
        });
        runner.withPropertyValues("tgfsm.bot.flood.limit-application-calls=false").run(context -> assertThat(
                context.getBean(TelegramClient.class)).isInstanceOf(OkHttpTelegramClient.class));
    }

    @Test
    void anApplicationsOwnClientIsLeftAlone() {
        TelegramClient own = new OkHttpTelegramClient(TOKEN);
        runner.withBean(TelegramClient.class, () -> own).run(context -> assertThat(
                context.getBean(TelegramClient.class)).isSameAs(own));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Plain {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ReplyingController.class)
    static class Replying {

        @Bean
        CountingPermitStore countingPermitStore() {
            return new CountingPermitStore();
        }
    }

    /** Counts the permits granted: one per charged call. */
    static final class CountingPermitStore implements PermitStore {

        final AtomicInteger granted = new AtomicInteger();

        private final InMemoryPermitStore memory = new InMemoryPermitStore();

        @Override
        public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
            Duration wait = memory.tryAcquire(bot, buckets, now);
            if (wait.isZero()) {
                granted.incrementAndGet();
            }
            return wait;
        }

        @Override
        public void hold(long bot, Bucket bucket, Instant until, Instant now) {
            memory.hold(bot, bucket, until, now);
        }
    }

    /** Replies twice through the library and sends once through the injected client. */
    @BotController
    public static class ReplyingController {

        private final TelegramClient client;

        /**
         * Creates the controller.
         *
         * @param client the application's client
         */
        public ReplyingController(TelegramClient client) {
            this.client = client;
        }

        /**
         * Answers a message.
         *
         * @param director replies
         * @param update the message's chat
         * @throws TelegramApiException if the call fails
         */
        @OnMessage
        public void hello(Director director, Update update)
                throws TelegramApiException {
            director.reply("one");
            director.reply("two");
            client.execute(SendMessage.builder().chatId(update.getMessage().getChatId()).text("direct").build());
        }
    }
}
