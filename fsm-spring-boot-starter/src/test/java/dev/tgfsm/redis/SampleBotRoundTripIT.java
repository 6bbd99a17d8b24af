package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.autoconfigure.SampleBotConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * What one update of the whole sample configuration costs on a private redis-server: the sample's
 * rate limit, idle timeouts with a warning, restart notice, garbage registry, de-duplication,
 * outbox and the cross-instance lock (on by default for Redis), counted with
 * {@code INFO commandstats} and named with the slow log (threshold 0, so it holds every command;
 * the commands a script runs appear there with the client {@value SlowLogRoundTrips#SCRIPT_CLIENT} and are left out).
 *
 * <p>{@code lock_load} (with the rate limiter's check riding in it, before the lock) and
 * {@code commit}: 2 {@code EVALSHA}, for the update that enters a timed state (whose deadline index
 * entry rides in {@code commit}) as for a mid-flow one. A throttled update: {@code lock_load} alone,
 * which refuses before taking the lock (plus, once per period, the notice's counter). In the background: the
 * outbox flusher stores the acknowledgements of replies that no update of their conversation carried
 * within the acknowledgement delay (2 s), of all conversations due at one check together: one
 * {@code load} of all their records and one {@code commit} each, pipelined (sent together, one
 * round trip), without the locks.
 */
class SampleBotRoundTripIT {

    /** The client address the slow log gives the commands that a script runs. */
    private static RedisProcess redis;

    private static ClientResources resources;

    private static RedisClient client;

    private static StatefulRedisConnection<String, String> admin;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    @BeforeAll
    static void startServer() {
        redis = RedisProcess.start();
        redis.cli("CONFIG", "SET", "slowlog-log-slower-than", "0");
        redis.cli("CONFIG", "SET", "slowlog-max-len", "10000");
        resources = LettuceResilience.clientResources();
        client = RedisClient.create(resources, "redis://127.0.0.1:" + redis.port());
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
            if (resources != null) {
                resources.shutdown();
            }
        }
        finally {
            redis.close();
        }
    }

    private ApplicationContextRunner sample() {
        return SampleBotConfiguration
                .runner(clock, telegram, "tgfsm.storage.type=redis", "tgfsm.redis.prefix=tgfsm-sample:")
                .withBean(LettuceConnectionFactory.class,
                        () -> LettuceResilience.standalone("127.0.0.1", redis.port(), resources,
                                Duration.ofSeconds(5)));
    }

    @Test
    void everyUpdateOfTheSampleBotCostsLockLoadAndCommitAndNothingElse() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(1, "warm"));

            List<String> firstStep = scripts(() -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(500, "name")));
            assertThat(firstStep).as("entering a timed state: the deadline rides in commit")
                    .containsExactly("lock_load", "commit");
            assertThat(indexed("tgfsm-sample:")).contains(1L);

            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                String text = "step" + i;
                List<String> midFlow = scripts(() -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(500, text)));
                assertThat(midFlow).as("mid-flow update %d", i).containsExactly("lock_load", "commit");
            }
            FsmStorage storage = context.getBean(FsmStorage.class);
            assertThat(storage.load(StorageKey.of(0, 500, 500)).state()).isEqualTo("form:step9");
            assertThat(telegram.texts()).last().isEqualTo("Step 11: step9");
        });
    }

    @Test
    void tenMidFlowUpdatesCostTwentyScriptsAndNoOtherCommand() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(1, "warm"));
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(600, "name"));

            Map<String, Long> before = CommandStats.of(redis);
            List<String> ran = scripts(() -> {
                for (int i = 0; i < 10; i++) {
                    clock.advance(Duration.ofSeconds(1));
                    SlowLogRoundTrips.dispatch(dispatcher, updates.text(600, "step" + i));
                }
            });
            Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));

            assertThat(delta.get("evalsha")).isEqualTo(20L);
            assertThat(delta).doesNotContainKey("eval");
            // inside the scripts: lock_load reads the main record, the history and the user scope (no
            // prefs: PreferencesMove ran at start); commit touches only the record it writes, the
            // updates being a second apart, within a step of the TTL (ConversationLifetime)
            assertThat(delta.get("hgetall")).as("whole hashes read").isEqualTo(30L);
            assertThat(delta.get("hset")).isEqualTo(10L);
            assertThat(delta.get("pexpire")).isEqualTo(10L);
            assertThat(delta).as("nothing else on the lifetime set").doesNotContainKeys("sadd", "smembers", "hget");
            assertThat(ran).as("every command sent, scripts by name").hasSize(20)
                    .containsOnly("lock_load", "commit");
        });
    }

    @Test
    void aThrottledUpdateCostsOneScriptAndTakesNoLock() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(1, "warm"));
            for (int i = 0; i < 20; i++) {
                SlowLogRoundTrips.dispatch(dispatcher, updates.text(800, "burst" + i));
            }
            // the notice counter's script, loaded as an earlier throttled update of any user would have
            admin.sync().scriptLoad(new String(RedisScript.INCREMENT.body(), StandardCharsets.UTF_8));

            List<String> firstThrottled = scripts(
                    () -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(800, "over")));
            List<String> laterThrottled = scripts(
                    () -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(800, "again")));

            assertThat(firstThrottled).as("the first of the period also counts its notice, across instances")
                    .containsExactly("lock_load", "increment");
            assertThat(laterThrottled).containsExactly("lock_load");
            assertThat(admin.sync().exists("tgfsm-sample:{0:800:800}#lock")).as("no lock taken").isZero();
            assertThat(telegram.texts()).last().asString().startsWith("You are writing faster");
        });
    }

    @Test
    void repliesNotFollowedByAnUpdateWithinTheAckDelayCostTheFlusherOneLoadAndOneCommitPerConversationPipelined() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            OutboxFlusher flusher = context.getBean(OutboxFlusher.class);
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(700, "name"));
            clock.advance(Duration.ofSeconds(3));
            flusher.flushDue();

            SlowLogRoundTrips.dispatch(dispatcher, updates.text(700, "age"));
            clock.advance(Duration.ofSeconds(3));
            List<String> one = scripts(() -> assertThat(flusher.flushDue()).isEqualTo(1));

            for (int user = 701; user <= 710; user++) {
                SlowLogRoundTrips.dispatch(dispatcher, updates.text(user, "name"));
            }
            clock.advance(Duration.ofSeconds(3));
            Map<String, Long> before = CommandStats.of(redis);
            List<String> ten = scripts(() -> assertThat(flusher.flushDue()).isEqualTo(10));
            Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));

            assertThat(one).as("the acknowledgement of one reply: one load, one commit, no lock")
                    .containsExactly("load", "commit");
            assertThat(ten).as("ten conversations: one load of all, ten commits sent together")
                    .hasSize(11).containsOnly("load", "commit").startsWith("load");
            assertThat(delta.get("evalsha")).isEqualTo(11L);
            for (int user = 700; user <= 710; user++) {
                assertThat(context.getBean(FsmStorage.class).load(StorageKey.of(0, user, user)).meta())
                        .as("user %d acknowledged", user).doesNotContainKey("outbox");
            }
        });
    }

    /** The members of the deadline index of the sample's bot (id 0), by chat. */
    private static List<Long> indexed(String prefix) {
        List<Long> chats = new ArrayList<>();
        for (String member : admin.sync().zrange(RedisDeadlines.indexKey(prefix, 0), 0, -1)) {
            chats.add(new KeyRenderer(prefix).parse(member).chatId());
        }
        return chats;
    }

    /**
     * The scripts (by name) and other commands that clients sent during {@code work}, in order:
     * one per round trip. {@code INFO commandstats} also counts the commands the scripts ran, so
     * only its {@code evalsha} line counts round trips.
     */
    private static List<String> scripts(Runnable work) {
        return SlowLogRoundTrips.during(List.of(admin), Set.of("slowlog"), work);
    }
}
