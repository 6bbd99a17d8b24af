package dev.tgfsm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The sample's rate limit with a tight limit (2 updates a minute): a flood gets one polite notice
 * per period and no other answer, and the bot answers again once the period has passed.
 */
@SpringBootTest(properties = {"sample.console.enabled=false", "tgfsm.rate-limit.limit-for-period=2",
        "tgfsm.rate-limit.period=1m"})
class RateLimitNoticeTests {

    private static final String NOTICE = "You are writing faster than I can read. Please wait 30 s and try again.";

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void sqlite(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("limit.db"));
    }

    @Autowired
    UpdateDispatcher dispatcher;

    @Autowired
    RecordingTelegramClient telegram;

    @Autowired
    @Qualifier("fsmClock")
    MutableClock clock;

    private final Updates updates = new Updates(Clock.systemUTC());

    @Test
    void floodGetsOnePoliteNoticePerPeriod() throws Exception {
        long user = 4_711;
        assertThat(say(user, "/help")).startsWith("What I can do:");
        assertThat(say(user, "/help")).startsWith("What I can do:");
        assertThat(say(user, "/help")).isEqualTo(NOTICE);
        assertThat(say(user, "/help")).isEmpty();
        assertThat(say(user, "hello?")).isEmpty();
        assertThat(say(4_712, "/help")).as("another user is not limited").startsWith("What I can do:");

        clock.advance(Duration.ofMinutes(1));
        assertThat(say(user, "/help")).startsWith("What I can do:");
        assertThat(say(user, "/help")).startsWith("What I can do:");
        assertThat(say(user, "/help")).as("a new period, a new notice").isEqualTo(NOTICE);
        assertThat(say(user, "/help")).isEmpty();
    }

    private String say(long user, String text) throws Exception {
        int before = telegram.calls().size();
        dispatcher.submit(updates.text(user, text)).get(20, TimeUnit.SECONDS);
        List<BotCall> calls = telegram.calls();
        return String.join(" | ", calls.subList(before, calls.size()).stream()
                .filter(c -> c.text() != null).map(BotCall::text).toList());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean(name = "fsmClock", defaultCandidate = false)
        MutableClock fsmClock() {
            return MutableClock.now();
        }
    }
}
