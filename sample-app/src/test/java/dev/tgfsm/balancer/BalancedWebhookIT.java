package dev.tgfsm.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisCluster;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.telegram.TestUpdates;

/**
 * Three bot instances, each a separate JVM with its own Redis connection, in webhook mode behind a
 * real HAProxy (round robin, health checks), on one Redis and on a Redis Cluster. A Telegram-like
 * sender ({@link WebhookSender}: each user's updates one at a time in update-id order, re-sent when
 * not answered 2xx, 40 connections) posts 200 users &times; 20 updates through the balancer at once.
 * Then, for every user: the stored data shows each update applied exactly once and in update-id
 * order, every update was answered 2xx exactly once, and the local Bot API server got each reply
 * exactly once; every instance took a share.
 *
 * <p>On one Redis, two more cases:
 * <ul>
 * <li>one instance is killed with {@code SIGKILL} while 100 more users &times; 20 updates go through
 * the balancer: the requests it had open fail, the sender re-sends them, the balancer sends them to
 * the survivors; nothing is lost, nothing applied twice, order kept; every update applied by a
 * survivor is replied to once;</li>
 * <li>updates of one user arriving at two instances at the same moment: the same update twice (a
 * re-send racing the first delivery) is applied once; a message and a button press of the same user
 * (Telegram posts a chat's messages and a user's button presses from separate queues, so they can
 * be in flight together) are both applied exactly once, in whichever order their instances took the
 * conversation's lock.</li>
 * </ul>
 * The numbers (updates per second through the balancer, re-sends) are printed and appended to
 * {@code target/balancer-report.md}.
 */
class BalancedWebhookIT {

    private static final int INSTANCES = 3;

    private static final int USERS = 200;

    private static final int UPDATES = 20;

    private static final int CONNECTIONS = 40;

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);

    private final AtomicInteger nextUpdateId = new AtomicInteger(1);

    @TempDir
    Path dir;

    @Test
    void threeInstancesOnOneRedisApplyEveryUpdateOnceInOrderAlsoWhenOneIsKilled() throws Exception {
        URI redis = URI.create(TestServer.REDIS.url());
        String prefix = "tgfsm-balancer-" + System.nanoTime() + ":";
        LettuceConnectionFactory factory = LettuceResilience.standalone(redis.getHost(), redis.getPort(), null,
                Duration.ofSeconds(5));
        RedisFsmStorage store = new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
        try (BalancedBots bots = BalancedBots.start(INSTANCES,
                List.of("--spring.data.redis.url=" + redis, "--tgfsm.redis.prefix=" + prefix), dir)) {
            cleanRound("one Redis", bots, store, 10_000);
            sameUpdateAtTwoInstancesAtOnceIsAppliedOnce(bots, store, 20_000);
            messageAndPressAtTwoInstancesAtOnceAreBothAppliedOnce(bots, store, 30_000);
            killedInstanceLosesNothing(bots, store, 40_000);
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
            try (BalancedBots bots = BalancedBots.start(INSTANCES, List.of(
                    "--spring.data.redis.cluster.nodes=" + String.join(",", cluster.addresses()),
                    "--tgfsm.redis.prefix=" + prefix), dir)) {
                cleanRound("Redis Cluster", bots, store, 10_000);
            }
            finally {
                factory.destroy();
            }
        }
    }

    private void cleanRound(String store, BalancedBots bots, FsmStorage storage, long firstUser) throws Exception {
        List<List<Map<String, Object>>> queues = messages(firstUser, USERS);
        WebhookSender.Delivery delivery = sender(bots.webhook()).deliver(queues, DELIVERY_TIMEOUT, answered -> {});

        assertEveryUpdateAnsweredOnce(delivery, queues);
        assertAppliedOnceInOrder(storage, firstUser, USERS);
        Map<String, Integer> byInstance = Replies.check(bots, storage, firstUser, USERS, UPDATES, null).byInstance();
        assertThat(byInstance).as("replies by instance: the balancer spread the updates").hasSize(INSTANCES);
        report("%s, %d instances (up in %d s, load average %s), %d users x %d updates: %s; applied by %s; HAProxy: %s",
                store, INSTANCES, bots.startedIn().toSeconds(), loadAverage(), USERS, UPDATES, delivery, byInstance,
                balancerCounters(bots));
    }

    /**
     * A re-send racing the first delivery: the same update posted to two instances at the same
     * moment is applied once, and both requests are answered 200 (one after its commit, the other
     * as a duplicate once the first committed).
     */
    private void sameUpdateAtTwoInstancesAtOnceIsAppliedOnce(BalancedBots bots, FsmStorage storage, long firstUser)
            throws Exception {
        int users = 10;
        for (int i = 0; i < users; i++) {
            long user = firstUser + i;
            Map<String, Object> update = TestUpdates.messageJson(nextUpdateId.getAndIncrement(), user, "1");
            List<List<Map<String, Object>>> twice = List.of(List.of(update));
            WebhookSender.Delivery[] deliveries = Concurrently.run(
                    () -> sender(bots.direct(0)).deliver(twice, DELIVERY_TIMEOUT, a -> {}),
                    () -> sender(bots.direct(1)).deliver(twice, DELIVERY_TIMEOUT, a -> {}));
            for (WebhookSender.Delivery delivery : deliveries) {
                assertEveryUpdateAnsweredOnce(delivery, twice);
            }
        }
        for (int i = 0; i < users; i++) {
            assertThat(seen(storage, firstUser + i)).as("user %s", firstUser + i).containsExactly(1);
        }
        Replies.check(bots, storage, firstUser, users, 1, null);
        report("the same update posted to two instances at once, %d users: applied once, replied once", users);
    }

    /**
     * A message and a button press of one user (from Telegram's separate queues) posted to two
     * instances at the same moment: both are applied exactly once; their order is whichever instance
     * took the conversation's lock first, as it would be on one instance.
     */
    private void messageAndPressAtTwoInstancesAtOnceAreBothAppliedOnce(BalancedBots bots, FsmStorage storage,
            long firstUser) throws Exception {
        int users = 20;
        int inIdOrder = 0;
        for (int i = 0; i < users; i++) {
            long user = firstUser + i;
            List<List<Map<String, Object>>> message = List.of(List.of(
                    TestUpdates.messageJson(nextUpdateId.getAndIncrement(), user, "1")));
            List<List<Map<String, Object>>> press = List.of(List.of(
                    TestUpdates.callbackJson(nextUpdateId.getAndIncrement(), user, 1, "2")));
            Concurrently.run(() -> sender(bots.direct(0)).deliver(message, DELIVERY_TIMEOUT, a -> {}),
                    () -> sender(bots.direct(1)).deliver(press, DELIVERY_TIMEOUT, a -> {}));
            List<Object> seen = seen(storage, user);
            assertThat(seen).as("user %s", user).containsExactlyInAnyOrder(1, 2);
            inIdOrder += seen.equals(List.of(1, 2)) ? 1 : 0;
        }
        Replies.check(bots, storage, firstUser, users, 2, null);
        report("a message and a button press of one user posted to two instances at once, %d users: both applied"
                + " once each; in update-id order in %d of %d", users, inIdOrder, users);
    }

    /**
     * One instance killed with SIGKILL mid-run: nothing lost, nothing applied twice, order kept.
     */
    private void killedInstanceLosesNothing(BalancedBots bots, FsmStorage storage, long firstUser) throws Exception {
        int users = USERS / 2;
        List<List<Map<String, Object>>> queues = messages(firstUser, users);
        AtomicBoolean killed = new AtomicBoolean();
        Map<Long, Set<Integer>> pendingAtKill = new ConcurrentHashMap<>();
        int killAt = users * UPDATES * 3 / 10;
        WebhookSender.Delivery delivery = sender(bots.webhook()).deliver(queues, DELIVERY_TIMEOUT, answered -> {
            if (answered >= killAt && killed.compareAndSet(false, true)) {
                bots.kill(1);
                // what bot1 left in the outbox, before a survivor may take it over (redeliver-after)
                pendingAtKill.putAll(Replies.pending(storage, firstUser, users, "bot1"));
            }
        });

        assertThat(killed).as("the instance was killed mid-run").isTrue();
        assertEveryUpdateAnsweredOnce(delivery, queues);
        assertAppliedOnceInOrder(storage, firstUser, users);
        Replies replies = Replies.check(bots, storage, firstUser, users, UPDATES, "bot1", pendingAtKill);
        report("one Redis, bot1 killed with SIGKILL after %d of %d updates, %d users x %d updates: %s; applied by %s"
                + " (%d replies bot1 had committed and not acknowledged when it died; of them %d not yet sent again"
                + " and %d sent a second time); HAProxy: %s", killAt, users * UPDATES, users, UPDATES, delivery,
                replies.byInstance(), pendingAtKill.values().stream().mapToInt(Set::size).sum(), replies.unsent(),
                replies.twice(), balancerCounters(bots));
    }

    private List<List<Map<String, Object>>> messages(long firstUser, int users) {
        int base = nextUpdateId.getAndAdd(users * UPDATES);
        List<List<Map<String, Object>>> queues = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            List<Map<String, Object>> queue = new ArrayList<>();
            for (int n = 1; n <= UPDATES; n++) {
                // ids grow with the sequence number for each user, and across users round by round
                queue.add(TestUpdates.messageJson(base + (n - 1) * users + i, firstUser + i, String.valueOf(n)));
            }
            queues.add(queue);
        }
        return queues;
    }

    private static WebhookSender sender(URI url) {
        return new WebhookSender(url, BalancedBots.SECRET, CONNECTIONS, Duration.ofSeconds(10));
    }

    private static void assertEveryUpdateAnsweredOnce(WebhookSender.Delivery delivery,
            List<List<Map<String, Object>>> queues) {
        List<Integer> ids = queues.stream().flatMap(List::stream)
                .map(u -> ((Number) u.get("update_id")).intValue()).toList();
        assertThat(delivery.okPerUpdate()).as("2xx answers per update").hasSize(ids.size()).containsOnlyKeys(ids)
                .allSatisfy((id, answers) -> assertThat(answers).as("2xx answers of update %s", id).isOne());
    }

    private static void assertAppliedOnceInOrder(FsmStorage storage, long firstUser, int users) {
        List<Integer> expected = IntStream.rangeClosed(1, UPDATES).boxed().toList();
        for (int i = 0; i < users; i++) {
            assertThat(seen(storage, firstUser + i)).as("updates applied for user %s, in order", firstUser + i)
                    .isEqualTo(expected);
        }
    }

    private static List<Object> seen(FsmStorage storage, long user) {
        Object seen = storage.load(StorageKey.of(BalancedBots.BOT_ID, user, user)).data().get(CounterController.SEEN);
        return seen instanceof List<?> list ? List.copyOf(list) : List.of();
    }

    private static String balancerCounters(BalancedBots bots) throws IOException {
        Map<String, String> counters = new TreeMap<>();
        bots.haProxy().servers().forEach((name, row) -> counters.put(name, ("%s requests %s, retries %s,"
                + " redispatches %s, 5xx %s").formatted(row.get("status"), row.get("stot"), row.get("wretr"),
                        row.get("wredis"),
                        row.get("hrsp_5xx"))));
        Map<String, String> frontend = bots.haProxy().frontend();
        return counters + "; frontend 2xx " + frontend.get("hrsp_2xx") + ", 5xx " + frontend.get("hrsp_5xx");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (IOException ex) {
            return "?";
        }
    }

    private static void report(String format, Object... args) {
        String line = format.formatted(args);
        System.out.println("balancer test: " + line);
        try {
            Files.writeString(Path.of("target", "balancer-report.md"), "- " + line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            System.err.println("balancer test: the report could not be written: " + ex);
        }
    }
}
