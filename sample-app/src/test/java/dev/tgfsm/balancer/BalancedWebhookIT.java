package dev.tgfsm.balancer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisCluster;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.StorageConfig;

/**
 * Three bot instances, each a separate JVM with its own Redis connection, in webhook mode behind a
 * real HAProxy (round robin, health checks), on one Redis and on a Redis Cluster: 200 users &times;
 * 20 updates through the balancer at once, each applied once in update-id order, answered once and
 * replied to once ({@link BalancedRounds#cleanRound}); every instance took a share.
 *
 * <p>On one Redis, three more cases:
 * <ul>
 * <li>one instance is killed with {@code SIGKILL} while 100 more users &times; 20 updates go through
 * the balancer: nothing is lost, nothing applied twice, order kept
 * ({@link BalancedRounds#killedInstanceLosesNothing});</li>
 * <li>updates of one user arriving at two instances at the same moment: the same update twice (a
 * re-send racing the first delivery) is applied once; a message and a button press of the same user
 * (Telegram posts a chat's messages and a user's button presses from separate queues, so they can
 * be in flight together) are both applied exactly once, in whichever order their instances took the
 * conversation's lock.</li>
 * </ul>
 * The same on PostgreSQL and MariaDB: {@link BalancedJdbcWebhookIT}.
 */
class BalancedWebhookIT {

    private static final int USERS = 200;

    @TempDir
    Path dir;

    @Test
    void threeInstancesOnOneRedisApplyEveryUpdateOnceInOrderAlsoWhenOneIsKilled() throws Exception {
        URI redis = URI.create(TestServer.REDIS.url());
        String prefix = "tgfsm-balancer-" + System.nanoTime() + ":";
        LettuceConnectionFactory factory = LettuceResilience.standalone(redis.getHost(), redis.getPort(), null,
                Duration.ofSeconds(5));
        RedisFsmStorage store = new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
        try (BalancedBots bots = BalancedBots.start(BalancedRounds.INSTANCES, List.of("--tgfsm.storage.type=redis",
                "--spring.data.redis.url=" + redis, "--tgfsm.redis.prefix=" + prefix), dir)) {
            BalancedRounds rounds = new BalancedRounds("one Redis", bots, store);
            rounds.cleanRound(10_000, USERS);
            rounds.sameUpdateAtTwoInstancesAtOnceIsAppliedOnce(20_000);
            rounds.messageAndPressAtTwoInstancesAtOnceAreBothAppliedOnce(30_000);
            rounds.killedInstanceLosesNothing(40_000, USERS / 2);
        }
        finally {
            store.clearNamespace();
            factory.destroy();
        }
    }

    @Test
    void threeInstancesOnARedisClusterApplyEveryUpdateOnceInOrder() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3)) {
            String prefix = "tgfsm-balancer-" + System.nanoTime() + ":";
            LettuceConnectionFactory factory = LettuceResilience.cluster(cluster.configuration(), null,
                    Duration.ofSeconds(5));
            RedisFsmStorage store = new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
            try (BalancedBots bots = BalancedBots.start(BalancedRounds.INSTANCES, List.of("--tgfsm.storage.type=redis",
                    "--spring.data.redis.cluster.nodes=" + String.join(",", cluster.addresses()),
                    "--tgfsm.redis.prefix=" + prefix), dir)) {
                new BalancedRounds("Redis Cluster", bots, store).cleanRound(10_000, USERS);
            }
            finally {
                factory.destroy();
            }
        }
    }
}
