package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.autoconfigure.SampleBotConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * What one update of the whole sample configuration costs on a private redis-server: the sample's
 * rate limit, idle timeouts with a warning, restart notice, garbage registry, de-duplication,
 * outbox and the cross-instance lock (on by default for Redis), counted with
 * {@code INFO commandstats} and named with the slow log (threshold 0, so it holds every command).
 *
 * <p>Today: {@code lock_load}, the rate limiter's {@code throttle}, {@code commit}: 3
 * {@code EVALSHA}, for the update that enters a timed state (whose deadline index entry rides in
 * {@code commit}) as for a mid-flow one, and nothing in the background per update. The throttle is
 * the one left to fold into {@code lock_load} (issue 14, item 2: the rate limit before the lock).
 */
class SampleBotRoundTripIT {

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
        return SampleBotConfiguration.runner(clock, telegram, "tgfsm.storage.type=redis", "tgfsm.redis.prefix=tgfsm-sample:")
                .withBean(LettuceConnectionFactory.class,
                        () -> LettuceResilience.standalone("127.0.0.1", redis.port(), resources, Duration.ofSeconds(5)));
    }

    @Test
    void everyUpdateOfTheSampleBotCostsLockLoadThrottleAndCommitAndNothingElse() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            dispatch(dispatcher, updates.text(1, "warm"));

            List<String> firstStep = scripts(() -> dispatch(dispatcher, updates.text(500, "name")));
            assertThat(firstStep).as("entering a timed state: the deadline rides in commit")
                    .containsExactly("lock_load", "throttle", "commit");
            assertThat(indexed("tgfsm-sample:")).contains(1L);

            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(30));
                String text = "step" + i;
                List<String> midFlow = scripts(() -> dispatch(dispatcher, updates.text(500, text)));
                assertThat(midFlow).as("mid-flow update %d", i).containsExactly("lock_load", "throttle", "commit");
            }
            FsmStorage storage = context.getBean(FsmStorage.class);
            assertThat(storage.load(StorageKey.of(0, 500, 500)).state()).isEqualTo("form:step9");
            assertThat(telegram.texts()).last().isEqualTo("Step 11: step9");
        });
    }

    @Test
    void tenMidFlowUpdatesCostThirtyScriptsAndNoOtherCommand() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            dispatch(dispatcher, updates.text(1, "warm"));
            dispatch(dispatcher, updates.text(600, "name"));

            Map<String, Long> before = CommandStats.of(redis);
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(30));
                dispatch(dispatcher, updates.text(600, "step" + i));
            }
            Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));
            delta.remove("slowlog");

            assertThat(delta).isEqualTo(Map.of("evalsha", 30L));
        });
    }

    /** The members of the namespace's deadline index, by chat. */
    private static List<Long> indexed(String prefix) {
        List<Long> chats = new ArrayList<>();
        for (String member : admin.sync().zrange(prefix + RedisDeadlines.SUFFIX, 0, -1)) {
            chats.add(new KeyRenderer(prefix).parse(member).chatId());
        }
        return chats;
    }

    private static void dispatch(UpdateDispatcher dispatcher, Update update) {
        try {
            dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The scripts (by name) and other commands the server ran during {@code work}, in order. */
    private static List<String> scripts(Runnable work) {
        admin.sync().slowlogReset();
        work.run();
        Map<String, String> names = new HashMap<>();
        for (RedisScript script : List.of(RedisScript.LOAD, RedisScript.LOCK_AND_LOAD, RedisScript.RENEW,
                RedisScript.UNLOCK, RedisScript.COMMIT, RedisScript.UPDATE, RedisScript.INCREMENT,
                RedisScript.THROTTLE, RedisDeadlines.SCHEDULE, RedisDeadlines.CLAIM, RedisDeadlines.CANCEL)) {
            names.put(script.sha(), script.name());
        }
        List<String> ran = new ArrayList<>();
        List<Object> entries = admin.sync().slowlogGet(-1);
        for (int i = entries.size() - 1; i >= 0; i--) {
            List<?> args = (List<?>) ((List<?>) entries.get(i)).get(3);
            String command = String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
            if (command.equals("slowlog")) {
                continue;
            }
            ran.add(command.equals("evalsha") || command.equals("eval")
                    ? names.getOrDefault(String.valueOf(args.get(1)), "unknown script") : command);
        }
        return ran;
    }
}
