package dev.tgfsm.sample;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.timeout.TimeoutScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's idle timeout: a warning 3 minutes before the 15-minute expiry, then the expiry, both
 * without a new update, driven by moving tgfsm's clock.
 */
@SpringBootTest(properties = "sample.console.enabled=false")
class IdleTimeoutTests {

    static final MutableClock CLOCK = MutableClock.now();

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void sqlite(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("timeouts.db"));
    }

    @TestConfiguration
    static class Time {
        @Bean(name = "fsmClock", defaultCandidate = false)
        Clock fsmClock() {
            return CLOCK;
        }
    }

    @Autowired
    UpdateDispatcher dispatcher;

    @Autowired
    RecordingTelegramClient telegram;

    @Autowired
    TimeoutScheduler scheduler;

    @Autowired
    FsmContexts contexts;

    @Test
    void anIdleOrderIsWarnedThenExpiredWithoutANewUpdate() throws Exception {
        long user = 424242;
        dispatcher.submit(new Updates(CLOCK).text(user, "/order")).get(20, TimeUnit.SECONDS);
        StorageKey key = StorageKey.of(0, user, user);
        assertThat(contexts.writeThrough(key).getState()).isEqualTo("order:product");
        int before = telegram.calls().size();

        CLOCK.advance(Duration.ofMinutes(11));
        scheduler.runDue();
        assertThat(sentSince(before, user)).isEmpty();

        CLOCK.advance(Duration.ofMinutes(2));
        scheduler.runDue();
        assertThat(sentSince(before, user)).singleElement().asString().contains("will expire in");
        assertThat(contexts.writeThrough(key).getState()).isEqualTo("order:product");

        CLOCK.advance(Duration.ofMinutes(3));
        scheduler.runDue();
        assertThat(sentSince(before, user)).hasSize(2).last().isEqualTo("Your session expired. Use /start to begin again.");
        assertThat(contexts.writeThrough(key).getState()).isNull();
    }

    private List<String> sentSince(int before, long user) {
        List<BotCall> calls = telegram.calls();
        return calls.subList(before, calls.size()).stream()
                .filter(c -> c.is("sendMessage") && String.valueOf(user).equals(c.param("chat_id")))
                .map(BotCall::text).toList();
    }
}
