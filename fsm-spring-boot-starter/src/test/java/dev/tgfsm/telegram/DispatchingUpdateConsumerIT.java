package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.starter.SpringLongPollingBot;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * An application's own TelegramBots bot fed through {@link DispatchingUpdateConsumer}, against a local
 * Bot API server: TelegramBots' poller confirms a batch only after the consumer returns, and the
 * consumer returns only when the whole batch is done, so an update held by a slow handler stays
 * unconfirmed until it finishes.
 */
class DispatchingUpdateConsumerIT {

    private static final String TOKEN = "777003:own-bot-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final List<String> texts = new CopyOnWriteArrayList<>();

    private static volatile CountDownLatch release = new CountDownLatch(1);

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
        texts.clear();
        release = new CountDownLatch(1);
    }

    @AfterEach
    void stopApi() {
        release.countDown();
        api.close();
    }

    @Test
    void aBatchIsConfirmedOnlyAfterEveryUpdateOfItIsDoneAndTheNextWaitsForIt() throws Exception {
        int slow = api.enqueueMessage(1, "slow");
        int fast = api.enqueueMessage(2, "fast");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OwnBotApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.dispatcher.shutdown-timeout=5s")
                .run()) {
            assertThat(context.getBeanProvider(LongPollingIntake.class).getIfAvailable()).isNull();
            awaitTrue(() -> texts.contains("fast"), "the other conversation of the batch is handled");
            Thread.sleep(300);

            assertThat(api.confirmedOffset()).as("the batch is not confirmed while an update of it runs")
                    .isLessThanOrEqualTo(slow);
            assertThat(api.unconfirmed()).contains(slow, fast);
            int next = api.enqueueMessage(3, "next");
            Thread.sleep(300);
            assertThat(texts).as("the next batch waits for the slow update").doesNotContain("next");

            release.countDown();

            awaitTrue(() -> api.confirmedOffset() > fast, "confirmed by the next poll once the batch is done");
            awaitTrue(() -> texts.contains("next"), "the next batch follows");
            awaitTrue(() -> api.confirmedOffset() > next, "and is confirmed after it is done");
            assertThat(texts).containsExactly("fast", "slow", "next");
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class OwnBotApplication {

        @Bean
        SpringLongPollingBot ownBot(DispatchingUpdateConsumer consumer) {
            return new SpringLongPollingBot() {
                @Override
                public String getBotToken() {
                    return TOKEN;
                }

                @Override
                public LongPollingUpdateConsumer getUpdatesConsumer() {
                    return consumer;
                }
            };
        }

        @Bean
        UpdateHandler recordingHandler() {
            return (u) -> {
                String text = u.update().getMessage().getText();
                if (text.equals("slow")) {
                    release.await(60, TimeUnit.SECONDS);
                }
                texts.add(text);
            };
        }
    }
}
