package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.autoconfigure.SampleBotConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * What one update of the whole sample configuration costs on a Redis Cluster of three masters,
 * counted with the slow logs of all nodes (threshold 0; commands run by scripts and the client's
 * own cluster commands left out). The rate limiter's per-user bucket shares the private chat's hash
 * slot (the chat id is the user's), so its check rides in {@code lock_load}. The deadline index is
 * one sorted set in its own slot, so the update that moves it (entering a timed state) pays one
 * separate {@code deadline_schedule} before {@code commit}: 3 scripts; a mid-flow update, whose
 * deadline does not move the index, 2. A group conversation, whose user's bucket lies in another
 * slot, pays the check apart: one more; the user's scope (the preferences, declared up front) lies in
 * another slot too and is read by a {@code load} script sent with {@code lock_load}, in its round trip
 * ({@code ScopeRoundTripIT} counts the calls): 3 round trips for a group's mid-flow update.
 */
class SampleBotClusterRoundTripIT {

    private static final Set<String> CLIENT_HOUSEKEEPING = Set.of("slowlog", "cluster", "info", "ping", "client",
            "hello", "command", "readonly");

    private static RedisCluster cluster;

    private static final List<StatefulRedisConnection<String, String>> ADMIN = new ArrayList<>();

    private static ClientResources resources;

    private static RedisClient client;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
        try {
            for (RedisProcess node : cluster.nodes()) {
                node.cli("CONFIG", "SET", "slowlog-log-slower-than", "0");
                node.cli("CONFIG", "SET", "slowlog-max-len", "10000");
            }
            resources = LettuceResilience.clientResources();
            client = RedisClient.create(resources);
            for (RedisProcess node : cluster.nodes()) {
                ADMIN.add(client.connect(RedisURI.create("127.0.0.1", node.port())));
            }
        }
        catch (RuntimeException | Error ex) {
            stopCluster();
            throw ex;
        }
    }

    @AfterAll
    static void stopCluster() {
        try {
            ADMIN.forEach(StatefulRedisConnection::close);
            ADMIN.clear();
            if (client != null) {
                client.shutdown();
            }
            if (resources != null) {
                resources.shutdown();
            }
        }
        finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private ApplicationContextRunner sample() {
        return SampleBotConfiguration
                .runner(clock, telegram, "tgfsm.storage.type=redis", "tgfsm.redis.prefix=tgfsm-sample:")
                .withBean(LettuceConnectionFactory.class,
                        () -> LettuceResilience.cluster(cluster.configuration(), resources,
                                Duration.ofSeconds(5)));
    }

    @Test
    void updateThatMovesTheIndexCostsThreeScriptsAndAMidFlowUpdateTwo() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(1, "warm"));
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(2, "warm"));

            assertThat(scripts(() -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(500, "name"))))
                    .as("entering a timed state: the index is written apart")
                    .containsExactlyInAnyOrder("lock_load", "deadline_schedule", "commit");
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                String text = "step" + i;
                assertThat(scripts(() -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(500, text))))
                        .as("mid-flow update %d", i)
                        .containsExactlyInAnyOrder("lock_load", "commit");
            }
        });
    }

    @Test
    void aGroupsMidFlowUpdateChecksTheUsersBucketApartAndReadsTheUsersScopeWithTheLock() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            long group = -1_000_700;
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(group, 700, "warm"));
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(group, 700, "name"));
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                String text = "step" + i;
                List<String> ran = scripts(
                        () -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(group, 700, text)));
                assertThat(ran).as("group mid-flow update %d", i).filteredOn("throttle"::equals).hasSize(1);
                assertThat(ran).as("group mid-flow update %d", i).filteredOn("lock_load"::equals).hasSize(1);
                assertThat(ran).as("group mid-flow update %d", i).filteredOn("commit"::equals).hasSize(1);
                assertThat(ran).as("group mid-flow update %d: the user's scope in its own slot", i)
                        .filteredOn("load"::equals).hasSize(1);
                assertThat(ran).as("group mid-flow update %d", i).containsOnly("throttle", "lock_load", "load",
                        "commit");
            }
        });
    }

    @Test
    void theAcknowledgementsOfSeveralConversationsAreOneLoadAndOneCommitEachPipelinedAcrossTheNodes() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            OutboxFlusher flusher = context.getBean(OutboxFlusher.class);
            for (int user = 900; user < 906; user++) {
                SlowLogRoundTrips.dispatch(dispatcher, updates.text(user, "name"));
            }
            clock.advance(Duration.ofSeconds(3));
            // the load script on every node, as an earlier flush would have left it
            ADMIN.forEach(node -> node.sync().scriptLoad(new String(RedisScript.LOAD.body(), StandardCharsets.UTF_8)));

            int[] flushed = {0};
            List<String> background = scripts(() -> flushed[0] = flusher.flushDue());

            // the restart notices of the conversations the other test left active are acknowledged too
            assertThat(flushed[0]).isGreaterThanOrEqualTo(6);
            assertThat(background).as("no lock: a load per hash slot and a commit per conversation")
                    .containsOnly("load", "commit").filteredOn("commit"::equals).hasSize(flushed[0]);
            FsmStorage storage = context.getBean(FsmStorage.class);
            for (int user = 900; user < 906; user++) {
                assertThat(storage.load(StorageKey.of(0, user, user)).meta()).as("user %d acknowledged", user)
                        .doesNotContainKey("outbox");
            }
        });
    }

    /** The scripts (by name) and data commands that clients sent to any node during {@code work}. */
    private static List<String> scripts(Runnable work) {
        return SlowLogRoundTrips.during(ADMIN, CLIENT_HOUSEKEEPING, work);
    }
}
