package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.wizard.Wizard;

/**
 * A job drives a conversation end to end: the whole starter polling a local Bot API server through
 * the real TelegramBots client; a scheduler-like job, on its own thread, starts a flow for a user
 * through the injected {@link Conversations}; the prompt reaches the server only after the flow's
 * state is committed (the client bean notes the stored state at each {@code sendMessage}); the user
 * answers over long polling and the flow goes on.
 */
class ConversationsEndToEndIT {

    private static final String TOKEN = "888000:outside-test-token";

    private static final long BOT = 888000;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void aJobStartsAFlowWhosePromptIsSentAfterTheCommitAndTheUserAnswersIt() throws Exception {
        long alice = 601;
        ExecutorService scheduler = Executors.newSingleThreadExecutor();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ReminderApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.bot.polling.timeout=1s")
                .run()) {
            ReminderJob job = app.getBean(ReminderJob.class);

            CompletableFuture<Void> reminded = CompletableFuture.supplyAsync(() -> job.remind(alice), scheduler)
                    .thenCompose(f -> f);
            reminded.get(30, TimeUnit.SECONDS);
            api.awaitText(alice, "Time for your check-in. How are you today?", WAIT);
            assertThat(app.getBean(Recorder.class).statesAtSend).containsExactly("checkup:mood");

            api.enqueueMessage(alice, "Great");
            api.awaitText(alice, "Anything to add, Great?", WAIT);
            api.enqueueMessage(alice, "No");
            api.awaitText(alice, "Thanks, noted.", WAIT);

            FsmContexts contexts = app.getBean(FsmContexts.class);
            assertThat(contexts.writeThrough(StorageKey.of(BOT, alice, alice)).getState()).isNull();
            assertThat(api.texts(alice)).containsExactly("Time for your check-in. How are you today?",
                    "Anything to add, Great?", "Thanks, noted.");
        }
        finally {
            scheduler.shutdownNow();
        }
    }

    /** A job as a {@code @Scheduled} method would run it: for each user due, start the check-in. */
    static final class ReminderJob {

        private final Conversations conversations;

        ReminderJob(Conversations conversations) {
            this.conversations = conversations;
        }

        CompletableFuture<Void> remind(long user) {
            return conversations.of(user, user).startFlow("checkup");
        }
    }

    /** The stored state of the addressee at each {@code sendMessage}, as the client sends it. */
    static final class Recorder {

        final List<String> statesAtSend = new CopyOnWriteArrayList<>();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ReminderApplication {

        @Bean
        Flow checkup(Recorder recorder) {
            return Wizard.named("checkup")
                    .step("mood", s -> s.prompt("Time for your check-in. How are you today?"))
                    .step("note", s -> s.prompt(v -> "Anything to add, " + v.get("mood") + "?"))
                    .onComplete((u, values) -> u.transaction().outbox().send(
                            SendMessage.builder().chatId(u.key().chatId()).text("Thanks, noted.").build()))
                    .build();
        }

        @Bean
        ReminderJob reminderJob(Conversations conversations) {
            return new ReminderJob(conversations);
        }

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        /** The real client, noting the addressee's stored state when a message goes out. */
        @Bean
        TelegramClient telegramClient(Recorder recorder,
                org.springframework.beans.factory.ObjectProvider<FsmContexts> contexts,
                org.springframework.core.env.Environment environment) {
            OkHttpTelegramClient real = new OkHttpTelegramClient(TOKEN,
                    TelegramUrls.parse(environment.getProperty("tgfsm.bot.api-url")));
            return (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                    new Class<?>[]{TelegramClient.class}, (proxy, method, args) -> {
                        if (args != null && args.length == 1 && args[0] instanceof SendMessage message) {
                            long chat = Long.parseLong(message.getChatId());
                            recorder.statesAtSend.add(String.valueOf(
                                    contexts.getObject().writeThrough(StorageKey.of(BOT, chat, chat)).getState()));
                        }
                        try {
                            return method.invoke(real, args);
                        }
                        catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
        }
    }
}
