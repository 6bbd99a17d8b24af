package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * tgfsm's own long-polling intake against a local Bot API server: a malformed update between two good
 * ones is skipped without stalling polling, an update is confirmed to the server only after its
 * handler finished, and a graceful shutdown confirms what was done.
 */
class LongPollingIntakeIT {

    private static final String TOKEN = "777001:intake-test-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A message whose message_id is an object: TelegramBots cannot parse it. */
    private static final String MALFORMED = """
            {"message": {"message_id": {"oops": true}, "date": 1700000000,
             "chat": {"id": 7, "type": "private"}, "from": {"id": 7, "is_bot": false, "first_name": "M"},
             "text": "broken"}}""";

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
        Recorder.reset();
    }

    @AfterEach
    void stopApi() {
        Recorder.release.countDown();
        api.close();
    }

    @Test
    void aMalformedUpdateBetweenTwoGoodOnesIsSkippedCountedAndNeverStallsPolling() {
        try (ConfigurableApplicationContext context = startApplication()) {
            int first = api.enqueueMessage(1, "first");
            int broken = api.enqueueJson(MALFORMED);
            int second = api.enqueueMessage(2, "second");

            awaitTrue(() -> Recorder.texts.containsAll(List.of("first", "second")), "both good updates handled");
            awaitTrue(() -> api.confirmedOffset() > second, "all three confirmed");
            assertThat(Recorder.malformed).containsExactly(broken);
            assertThat(first).isLessThan(broken);

            int third = api.enqueueMessage(3, "third");
            awaitTrue(() -> Recorder.texts.contains("third"), "polling goes on");
            awaitTrue(() -> api.confirmedOffset() > third, "the next update is confirmed too");
            assertThat(Recorder.texts).containsExactlyInAnyOrder("first", "second", "third");
            assertThat(Recorder.malformed).as("logged and counted once, though fetched once only").hasSize(1);
        }
    }

    @Test
    void anUpdateIsConfirmedOnlyAfterItsHandlerFinishedAndIsNotHandledTwiceMeanwhile() {
        try (ConfigurableApplicationContext context = startApplication()) {
            int slow = api.enqueueMessage(1, "slow");
            int fast = api.enqueueMessage(2, "fast");
            awaitTrue(() -> Recorder.texts.contains("fast"), "the other conversation goes on");
            int polls = api.requests("getUpdates").size();
            api.awaitRequests("getUpdates", polls + 3, WAIT);

            assertThat(api.confirmedOffset()).as("nothing from the slow update on is confirmed")
                    .isLessThanOrEqualTo(slow);
            assertThat(api.unconfirmed()).contains(slow, fast);
            int later = api.enqueueMessage(3, "later");
            awaitTrue(() -> Recorder.texts.contains("later"), "newer updates are still fetched and handled");
            assertThat(api.confirmedOffset()).isLessThanOrEqualTo(slow);

            Recorder.release.countDown();

            awaitTrue(() -> api.confirmedOffset() > later, "confirmed once the slow handler finished");
            assertThat(Recorder.calls.get("slow")).as("sent again while in flight, handled once").hasValue(1);
            assertThat(Recorder.texts).containsExactlyInAnyOrder("slow", "fast", "later");
            assertThat(fast).isGreaterThan(slow);
        }
    }

    @Test
    void aGracefulShutdownConfirmsWhatWasHandled() {
        int last;
        try (ConfigurableApplicationContext context = startApplication()) {
            api.enqueueMessage(1, "one");
            last = api.enqueueMessage(2, "two");
            awaitTrue(() -> Recorder.texts.size() == 2, "both handled");
        }
        assertThat(api.confirmedOffset()).isEqualTo(last + 1);
        assertThat(api.unconfirmed()).isEmpty();
    }

    @Test
    void aRefusedTokenStopsPollingInsteadOfRetryingForever() throws Exception {
        api.refuseToken(TOKEN);
        try (ConfigurableApplicationContext context = startApplication()) {
            LongPollingIntake intake = context.getBean(LongPollingIntake.class);
            awaitTrue(intake::isTokenRefused, "the refusal is noticed");
            assertThat(intake.isRunning()).isFalse();
            int refused = api.refusedRequests();
            Thread.sleep(500);
            assertThat(api.refusedRequests()).as("no retries: getMe (no username configured) and one getUpdates")
                    .isEqualTo(refused).isEqualTo(2);
        }
    }

    private ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(IntakeApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.bot.polling.timeout=1s", "tgfsm.dispatcher.shutdown-timeout=5s")
                .run();
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

    /** What the application saw; static because the application is built by Spring. */
    static final class Recorder {

        static final List<String> texts = new CopyOnWriteArrayList<>();

        static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        static final List<Integer> malformed = new CopyOnWriteArrayList<>();

        static volatile CountDownLatch release = new CountDownLatch(1);

        static void reset() {
            texts.clear();
            calls.clear();
            malformed.clear();
            release = new CountDownLatch(1);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class IntakeApplication {

        @Bean
        UpdateHandler recordingHandler() {
            return (u) -> {
                String text = u.update().getMessage().getText();
                Recorder.calls.computeIfAbsent(text, (t) -> new AtomicInteger()).incrementAndGet();
                if (text.equals("slow")) {
                    Recorder.release.await(60, TimeUnit.SECONDS);
                }
                u.context().updateData("last", text);
                Recorder.texts.add(text);
            };
        }

        @Bean
        UpdateIntakeListener malformedCounter() {
            return (id, reason) -> Recorder.malformed.add(id);
        }
    }
}
