package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * What one update of the whole sample configuration costs on a Redis Cluster of three masters,
 * counted with the slow logs of all nodes (threshold 0; commands run by scripts and the client's
 * own cluster commands left out). The deadline index is one sorted set in its own slot, so the
 * update that moves it (entering a timed state) pays one separate {@code deadline_schedule} before
 * {@code commit}: 4 scripts; a mid-flow update, whose deadline does not move the index, 3.
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
        return SampleBotConfiguration.runner(clock, telegram, "tgfsm.storage.type=redis", "tgfsm.redis.prefix=tgfsm-sample:")
                .withBean(LettuceConnectionFactory.class, () -> LettuceResilience.cluster(cluster.configuration(), resources,
                        Duration.ofSeconds(5)));
    }

    @Test
    void updateThatMovesTheIndexCostsFourScriptsAndAMidFlowUpdateThree() {
        sample().run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(1, "warm"));
            SlowLogRoundTrips.dispatch(dispatcher, updates.text(2, "warm"));

            assertThat(scripts(() -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(500, "name"))))
                    .as("entering a timed state: the index is written apart")
                    .containsExactlyInAnyOrder("throttle", "lock_load", "deadline_schedule", "commit");
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                String text = "step" + i;
                assertThat(scripts(() -> SlowLogRoundTrips.dispatch(dispatcher, updates.text(500, text)))).as("mid-flow update %d", i)
                        .containsExactlyInAnyOrder("throttle", "lock_load", "commit");
            }
        });
    }

    /** The scripts (by name) and data commands that clients sent to any node during {@code work}. */
    private static List<String> scripts(Runnable work) {
        return SlowLogRoundTrips.during(ADMIN, CLIENT_HOUSEKEEPING, work);
    }
}
