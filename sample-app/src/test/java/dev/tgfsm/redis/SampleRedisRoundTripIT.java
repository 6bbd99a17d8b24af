package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.telegram.telegrambots.meta.api.objects.Update;
import tools.jackson.databind.json.JsonMapper;

import dev.tgfsm.autoconfigure.PreferencesMoveLifecycle;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.sample.SampleBotApplication;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The whole sample configuration on a private redis-server (rate limit with notice, idle timeouts,
 * garbage registry, de-duplication, flows and scenes, the group migration step, the conversation
 * lock), counted with {@code INFO commandstats} and named with the slow log
 * ({@link SlowLogRoundTrips}): a mid-flow update, and one that starts a flow, is 2 round trips,
 * {@code lock_load} (with the rate limiter's check riding in it) and {@code commit}; a throttled
 * update is one, the check, and takes no lock; only the first throttled update of a period also
 * counts its notice. Starting a flow also adds the conversation to the lifetime set
 * ({@code SADD}, once per step of its TTL, see {@code ConversationLifetime}). Background polling
 * (deadlines, outbox) is slowed down so that it does not fall into the measured windows.
 *
 * <p>The group migration step runs before the lock and acts on a migration's service messages only;
 * it passes every other update on and says so ({@code UpdateMiddleware#passesOn}), so the rate
 * limiter's check still rides in {@code lock_load}. Before that, any middleware before the lock
 * made the check its own {@code throttle} call: 3 round trips per mid-flow update.
 */
class SampleRedisRoundTripIT {

    /** Commands our scripts call inside Redis; everything else is a client round trip. */
    private static final Set<String> INSIDE_SCRIPTS = Set.of("hgetall", "hget", "hmget", "get", "set", "del",
            "hset", "hsetnx", "hincrby", "hdel", "hlen", "pexpire", "pexpireat", "expire", "persist", "exists", "time",
            "incr", "incrby", "pttl", "ttl", "zadd", "zrem", "zscore", "zrangebyscore", "zrange", "zcard", "unlink");

    private static RedisProcess redis;

    private static RedisClient client;

    private static StatefulRedisConnection<String, String> admin;

    @TempDir
    static Path dir;

    private final Updates updates = new Updates(Clock.systemUTC());

    @BeforeAll
    static void startServer() {
        redis = RedisProcess.start();
        redis.cli("CONFIG", "SET", "slowlog-log-slower-than", "0");
        redis.cli("CONFIG", "SET", "slowlog-max-len", "10000");
        client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        admin = client.connect();
    }

    @AfterAll
    static void stopServer() {
        try {
            if (admin != null) {
                admin.close();
            }
            if (client != null) {
                client.shutdown();
            }
        }
        finally {
            redis.close();
        }
    }

    private static ConfigurableApplicationContext startSample(String... more) {
        return new SpringApplicationBuilder(SampleBotApplication.class).web(WebApplicationType.NONE)
                .profiles("redis")
                // command-line arguments, so that they win over the profile's redis url (never the shared server)
                .run(Stream.concat(Stream.of("--spring.data.redis.url=redis://127.0.0.1:" + redis.port(),
                        "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("unused.db"),
                        "--sample.console.enabled=false", "--tgfsm.restart-notice.enabled=false",
                        "--tgfsm.rate-limit.limit-for-period=4", "--tgfsm.rate-limit.period=1h",
                        "--tgfsm.timeout.poll-interval=1h", "--tgfsm.outbox.flush-interval=1h",
                        // the update's own round trips; each Bot API call's flood-control permit (one EVALSHA
                        // per request, more when it must wait) is counted in RedisFloodControlIT
                        "--tgfsm.bot.flood.enabled=false"), Stream.of(more)).toArray(String[]::new));
    }

    private static Map<String, Long> roundTrips(UpdateDispatcher dispatcher, Update update) throws Exception {
        Map<String, Long> before = CommandStats.of(redis);
        dispatcher.submit(update).get(20, TimeUnit.SECONDS);
        Map<String, Long> out = new HashMap<>(CommandStats.delta(before, CommandStats.of(redis)));
        out.keySet().removeAll(INSIDE_SCRIPTS);
        return out;
    }

    /** The scripts and commands the update sent, by name, one per round trip. */
    private static List<String> named(UpdateDispatcher dispatcher, Update update) {
        return SlowLogRoundTrips.during(List.of(admin), Set.of("slowlog", "info"),
                () -> SlowLogRoundTrips.dispatch(dispatcher, update));
    }

    @Test
    void aThrottledUpdateOfTheSampleBotIsOneRoundTrip() throws Exception {
        try (ConfigurableApplicationContext sample = startSample()) {
            UpdateDispatcher dispatcher = sample.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = sample.getBean(RecordingTelegramClient.class);
            // the move of earlier versions' preferences runs once in the background at start
            sample.getBean(PreferencesMoveLifecycle.class).done().get(30, TimeUnit.SECONDS);
            // warm up: every script loaded, a throttled update of another user
            for (String text : new String[]{"/order", "Widget", "5", "/help", "/help"}) {
                dispatcher.submit(updates.text(9, text)).get(20, TimeUnit.SECONDS);
            }

            assertThat(CommandStats.of(redis)).as("the sample talks to the private server").containsKey("evalsha");
            assertThat(sample.getBeanNamesForType(DataSource.class)).as("the redis profile leaves out the data source")
                    .isEmpty();
            assertThat(sample.getBeanNamesForType(JsonMapper.class)).as("and Spring's own JSON mapper").isEmpty();
            Map<String, Long> startFlow = roundTrips(dispatcher, updates.text(4_711, "/order"));
            List<String> startFlowNamed = named(dispatcher, updates.text(4_712, "/order"));
            List<String> midFlowNamed = named(dispatcher, updates.text(4_712, "Widget"));
            List<String> buttonNamed = named(dispatcher, updates.callback(4_713, "menu:booking"));
            Map<String, Long> midFlow = roundTrips(dispatcher, updates.text(4_711, "Widget"));
            Map<String, Long> midFlowAgain = roundTrips(dispatcher, updates.text(4_711, "5"));
            Map<String, Long> help = roundTrips(dispatcher, updates.text(4_711, "/help"));
            Map<String, Long> firstThrottled = roundTrips(dispatcher, updates.text(4_711, "/help"));
            Map<String, Long> laterThrottled = roundTrips(dispatcher, updates.text(4_711, "hello?"));
            int answersBefore = telegram.calls("answerCallbackQuery").size();
            Map<String, Long> throttledButton = roundTrips(dispatcher, updates.callback(4_711, "menu:book"));

            System.out.printf("Sample bot on Redis, round trips per update: /order %s, mid-flow %s and %s, /help %s,"
                    + " first throttled %s, later throttled %s, throttled button %s%n", startFlow, midFlow,
                    midFlowAgain, help, firstThrottled, laterThrottled, throttledButton);
            System.out.printf("Named: /order %s, mid-flow %s, button %s%n", startFlowNamed, midFlowNamed, buttonNamed);
            assertThat(midFlowNamed).as("a mid-flow update: the rate limiter's check rides in lock_load, even with"
                    + " the group migration step before the lock").containsExactly("lock_load", "commit");
            assertThat(startFlowNamed).as("starting a flow: its idle deadline rides in commit")
                    .filteredOn(name -> !name.equals("sadd") && !name.equals("smembers"))
                    .containsExactly("lock_load", "commit");
            assertThat(buttonNamed).as("a menu button").containsExactly("lock_load", "commit");
            assertThat(startFlow).containsEntry("evalsha", 2L);
            assertThat(List.of(midFlow, midFlowAgain, help)).as("lock_load and commit, nothing else; within a step of"
                    + " the TTL a commit leaves the lifetime set alone (ConversationLifetime)")
                    .allSatisfy(m -> assertThat(m).isEqualTo(Map.of("evalsha", 2L)));
            assertThat(firstThrottled).isEqualTo(Map.of("evalsha", 2L));
            assertThat(laterThrottled).isEqualTo(Map.of("evalsha", 1L));
            assertThat(throttledButton).isEqualTo(Map.of("evalsha", 1L));
            assertThat(telegram.calls("answerCallbackQuery")).as("the throttled button stops spinning")
                    .hasSize(answersBefore + 1);
        }
    }

    /**
     * Until the move of earlier versions' preferences has run (it runs in the background at start,
     * and again at the next start when the storage could not be reached), a preference may still be
     * in the conversation's {@code prefs} destiny: that destiny is read in {@code lock_load} with the
     * user scope, so reading the language of a user without preferences costs no round trip of its
     * own. Before, each update that showed a localized text (the menu, a flow's question) read it in a
     * third round trip: 2.2-2.6 per update in the end-to-end benchmark's MONITOR trace, whose bot
     * had found Redis unreachable at start.
     */
    @Test
    void whileThePreferencesMoveIsPendingAnUpdateIsStillTwoRoundTrips() throws Exception {
        // without the migrations' configuration the move never runs: the contexts stay in the earlier mode
        try (ConfigurableApplicationContext sample = startSample(
                "--spring.autoconfigure.exclude=dev.tgfsm.autoconfigure.FsmMigrationAutoConfiguration")) {
            UpdateDispatcher dispatcher = sample.getBean(UpdateDispatcher.class);
            assertThat(sample.getBean(FsmContexts.class).arePreferencesMoved()).as("the move has not run").isFalse();
            for (String text : new String[]{"/start", "/order", "Widget", "5"}) {
                dispatcher.submit(updates.text(8, text)).get(20, TimeUnit.SECONDS); // warm up: scripts loaded
            }

            List<String> start = named(dispatcher, updates.text(5_711, "/start"));
            List<String> button = named(dispatcher, updates.callback(5_711, "menu:order"));
            List<String> midFlow = named(dispatcher, updates.text(5_711, "Widget"));
            List<String> midFlowAgain = named(dispatcher, updates.text(5_711, "5"));
            // a second user: at most 4 updates each pass this context's rate limit
            List<String> order = named(dispatcher, updates.text(5_712, "/order"));
            List<String> startInFlow = named(dispatcher, updates.text(5_712, "/start"));

            System.out.printf("Preferences move pending, named: /start %s, button %s, mid-flow %s and %s, /order %s,"
                    + " /start in the flow %s%n", start, button, midFlow, midFlowAgain, order, startInFlow);
            assertThat(List.of(start, button, midFlow, midFlowAgain, order, startInFlow))
                    .as("lock_load and commit; the old preferences' destiny is read in lock_load")
                    .allSatisfy(names -> assertThat(names)
                            .filteredOn(name -> !name.equals("sadd") && !name.equals("smembers"))
                            .containsExactly("lock_load", "commit"));
        }
    }
}
