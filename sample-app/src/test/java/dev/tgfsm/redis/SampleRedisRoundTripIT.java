package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.autoconfigure.PreferencesMoveLifecycle;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.sample.SampleBotApplication;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The whole sample configuration on a private redis-server (rate limit with notice, idle timeouts,
 * garbage registry, de-duplication, flows and scenes, the conversation lock), counted with
 * {@code INFO commandstats}: a throttled update is one round trip, the rate-limit check, and takes
 * no lock; only the first throttled update of a period also counts its notice. Background polling
 * (deadlines, outbox) is slowed down so that it does not fall into the measured windows.
 */
class SampleRedisRoundTripIT {

    /** Commands our scripts call inside Redis; everything else is a client round trip. */
    private static final Set<String> INSIDE_SCRIPTS = Set.of("hgetall", "hget", "hmget", "get", "set", "del",
            "hset", "hsetnx", "hincrby", "hdel", "hlen", "pexpire", "pexpireat", "expire", "persist", "exists", "time",
            "incr", "incrby", "pttl", "ttl", "zadd", "zrem", "zscore", "zrangebyscore", "zrange", "zcard", "unlink");

    private static RedisProcess redis;

    @TempDir
    static Path dir;

    private final Updates updates = new Updates(Clock.systemUTC());

    @BeforeAll
    static void startServer() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopServer() {
        redis.close();
    }

    private static ConfigurableApplicationContext startSample() {
        return new SpringApplicationBuilder(SampleBotApplication.class).web(WebApplicationType.NONE)
                .profiles("redis")
                // command-line arguments, so that they win over the profile's redis url (never the shared server)
                .run("--spring.data.redis.url=redis://127.0.0.1:" + redis.port(),
                        "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("unused.db"),
                        "--sample.console.enabled=false", "--tgfsm.restart-notice.enabled=false",
                        "--tgfsm.rate-limit.limit-for-period=4", "--tgfsm.rate-limit.period=1h",
                        "--tgfsm.timeout.poll-interval=1h", "--tgfsm.outbox.flush-interval=1h",
                        // the update's own round trips; each Bot API call's flood-control permit (one EVALSHA
                        // per request, more when it must wait) is counted in RedisFloodControlIT
                        "--tgfsm.bot.flood.enabled=false");
    }

    private static Map<String, Long> roundTrips(UpdateDispatcher dispatcher, Update update) throws Exception {
        Map<String, Long> before = CommandStats.of(redis);
        dispatcher.submit(update).get(20, TimeUnit.SECONDS);
        Map<String, Long> out = new HashMap<>(CommandStats.delta(before, CommandStats.of(redis)));
        out.keySet().removeAll(INSIDE_SCRIPTS);
        return out;
    }

    @Test
    void aThrottledUpdateOfTheSampleBotIsOneRoundTrip() throws Exception {
        try (ConfigurableApplicationContext sample = startSample()) {
            UpdateDispatcher dispatcher = sample.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = sample.getBean(RecordingTelegramClient.class);
            // the move of earlier versions' preferences runs once in the background at start
            sample.getBean(PreferencesMoveLifecycle.class).done().get(30, TimeUnit.SECONDS);
            // warm up: every script loaded, a throttled update of another user
            for (String text : new String[] {"/order", "Widget", "5", "/help", "/help"}) {
                dispatcher.submit(updates.text(9, text)).get(20, TimeUnit.SECONDS);
            }

            assertThat(CommandStats.of(redis)).as("the sample talks to the private server").containsKey("evalsha");
            Map<String, Long> startFlow = roundTrips(dispatcher, updates.text(4_711, "/order"));
            Map<String, Long> midFlow = roundTrips(dispatcher, updates.text(4_711, "Widget"));
            Map<String, Long> midFlowAgain = roundTrips(dispatcher, updates.text(4_711, "5"));
            Map<String, Long> help = roundTrips(dispatcher, updates.text(4_711, "/help"));
            Map<String, Long> firstThrottled = roundTrips(dispatcher, updates.text(4_711, "/help"));
            Map<String, Long> laterThrottled = roundTrips(dispatcher, updates.text(4_711, "hello?"));
            Map<String, Long> throttledButton = roundTrips(dispatcher, updates.callback(4_711, "menu:book"));

            System.out.printf("Sample bot on Redis, round trips per update: /order %s, mid-flow %s and %s, /help %s,"
                    + " first throttled %s, later throttled %s, throttled button %s%n", startFlow, midFlow,
                    midFlowAgain, help, firstThrottled, laterThrottled, throttledButton);
            assertThat(List.of(midFlow, midFlowAgain, help)).as("within a step of the TTL a commit leaves the lifetime"
                    + " set alone (ConversationLifetime)").allSatisfy(m -> assertThat(m).doesNotContainKeys("sadd", "smembers"));
            assertThat(firstThrottled).isEqualTo(Map.of("evalsha", 2L));
            assertThat(laterThrottled).isEqualTo(Map.of("evalsha", 1L));
            assertThat(throttledButton).isEqualTo(Map.of("evalsha", 1L));
            assertThat(telegram.calls("answerCallbackQuery")).as("the throttled button stops spinning").hasSize(1);
        }
    }
}
