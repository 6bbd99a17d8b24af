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

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.telegram.TestUpdates;

/**
 * The rounds the balancer tests run against instances that share one store, whichever store it is: a
 * Telegram-like sender ({@link WebhookSender}: each user's updates one at a time in update-id order,
 * re-sent when not answered 2xx, 40 connections) posts every user's {@value #UPDATES} updates
 * through the balancer at once; then, for every user, the stored data shows each update applied
 * exactly once and in update-id order, every update was answered 2xx exactly once, and the local Bot
 * API server got each reply exactly once. The numbers (updates per second through the balancer,
 * re-sends, time) are printed and appended to {@code target/balancer-report.md}.
 */
final class BalancedRounds {

    /** How many instances run behind the balancer. */
    static final int INSTANCES = 3;

    /** How many updates each user sends. */
    static final int UPDATES = 20;

    private static final int CONNECTIONS = 40;

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);

    private final String store;

    private final BalancedBots bots;

    private final FsmStorage storage;

    private final AtomicInteger nextUpdateId = new AtomicInteger(1);

    /**
     * Creates the rounds.
     *
     * @param store the store's name in the report, such as {@code "one Redis"}
     * @param bots the running instances
     * @param storage the test's own view of the store the instances share
     */
    BalancedRounds(String store, BalancedBots bots, FsmStorage storage) {
        this.store = store;
        this.bots = bots;
        this.storage = storage;
    }

    /**
     * Every user's updates through the balancer at once, no failure: each applied once in order,
     * answered once, replied to once, and every instance took a share.
     *
     * @param firstUser the first user; the others follow
     * @param users how many users
     */
    void cleanRound(long firstUser, int users) throws Exception {
        long begin = System.nanoTime();
        List<List<Map<String, Object>>> queues = messages(firstUser, users);
        WebhookSender.Delivery delivery = sender(bots.webhook()).deliver(queues, DELIVERY_TIMEOUT, answered -> {});
        report("%s, %d users x %d updates delivered: %s (load average %s)", store, users, UPDATES, delivery,
                loadAverage());

        assertEveryUpdateAnsweredOnce(delivery, queues);
        assertAppliedOnceInOrder(firstUser, users, queues);
        Map<String, Integer> byInstance = Replies.check(bots, storage, firstUser, users, UPDATES, null).byInstance();
        assertThat(byInstance).as("replies by instance: the balancer spread the updates").hasSize(INSTANCES);
        report("%s, %d instances (up in %d s, load average %s), %d users x %d updates: %s; applied by %s; round with"
                + " checks %d ms; HAProxy: %s", store, INSTANCES, bots.startedIn().toSeconds(), loadAverage(), users,
                UPDATES, delivery, byInstance, millisSince(begin), balancerCounters());
    }

    /**
     * A re-send racing the first delivery: the same update posted to two instances at the same
     * moment is applied once, and both requests are answered 200 (one after its commit, the other
     * as a duplicate once the first committed).
     *
     * @param firstUser the first of the 10 users
     */
    void sameUpdateAtTwoInstancesAtOnceIsAppliedOnce(long firstUser) throws Exception {
        long begin = System.nanoTime();
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
            assertThat(seen(firstUser + i)).as("user %s", firstUser + i).containsExactly(1);
        }
        Replies.check(bots, storage, firstUser, users, 1, null);
        report("%s, the same update posted to two instances at once, %d users: applied once, replied once (%d ms)",
                store, users, millisSince(begin));
    }

    /**
     * A message and a button press of one user (from Telegram's separate queues) posted to two
     * instances at the same moment: both are applied exactly once; their order is whichever instance
     * took the conversation's lock first, as it would be on one instance.
     *
     * @param firstUser the first of the 20 users
     */
    void messageAndPressAtTwoInstancesAtOnceAreBothAppliedOnce(long firstUser) throws Exception {
        long begin = System.nanoTime();
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
            List<Object> seen = seen(user);
            assertThat(seen).as("user %s", user).containsExactlyInAnyOrder(1, 2);
            inIdOrder += seen.equals(List.of(1, 2)) ? 1 : 0;
        }
        Replies.check(bots, storage, firstUser, users, 2, null);
        report("%s, a message and a button press of one user posted to two instances at once, %d users: both applied"
                + " once each; in update-id order in %d of %d (%d ms)", store, users, inIdOrder, users,
                millisSince(begin));
    }

    /**
     * Instance {@code bot1} killed with SIGKILL after 30 % of the updates were answered: the requests
     * it had open fail, the sender re-sends them, the balancer sends them to the survivors; nothing
     * lost, nothing applied twice, order kept; every update applied by a survivor is replied to once.
     *
     * @param firstUser the first user; the others follow
     * @param users how many users
     */
    void killedInstanceLosesNothing(long firstUser, int users) throws Exception {
        long begin = System.nanoTime();
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

        report("%s, %d users x %d updates delivered, bot1 killed after %d: %s (load average %s)", store, users, UPDATES,
                killAt, delivery, loadAverage());
        assertThat(killed).as("the instance was killed mid-run").isTrue();
        assertEveryUpdateAnsweredOnce(delivery, queues);
        assertAppliedOnceInOrder(firstUser, users, queues);
        Replies replies = Replies.check(bots, storage, firstUser, users, UPDATES, "bot1", pendingAtKill);
        report("%s, bot1 killed with SIGKILL after %d of %d updates, %d users x %d updates: %s; applied by %s"
                + " (%d replies bot1 had committed and not acknowledged when it died; of them %d not yet sent again"
                + " and %d sent a second time); round with checks %d ms; HAProxy: %s", store, killAt, users * UPDATES,
                users, UPDATES, delivery, replies.byInstance(),
                pendingAtKill.values().stream().mapToInt(Set::size).sum(), replies.unsent(), replies.twice(),
                millisSince(begin), balancerCounters());
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

    private void assertAppliedOnceInOrder(long firstUser, int users, List<List<Map<String, Object>>> queues) {
        List<Integer> expected = IntStream.rangeClosed(1, UPDATES).boxed().toList();
        for (int i = 0; i < users; i++) {
            long user = firstUser + i;
            List<Object> seen = seen(user);
            if (!seen.equals(expected)) {
                List<Integer> ids = queues.get(i).stream().map(u -> ((Number) u.get("update_id")).intValue())
                        .toList();
                String evidence = evidence(user, ids);
                System.out.println("balancer test: " + store + ", user " + user + " applied " + seen + "\n"
                        + evidence);
                assertThat(seen).as("updates applied for user %s, in order; %s", user, evidence).isEqualTo(expected);
            }
        }
    }

    /**
     * What is known of one user whose updates were not applied as sent: the stored record, the
     * user's update ids, and the instances' log lines that name one of them or warn.
     */
    private String evidence(long user, List<Integer> ids) {
        FsmRecord record = storage.load(StorageKey.of(BalancedBots.BOT_ID, user, user));
        return "record version " + record.version() + ", " + CounterController.BY + " "
                + record.data().get(CounterController.BY) + ", meta " + record.meta() + "; update ids " + ids
                + "\ninstances' log lines naming them or warning:\n" + bots.linesAbout(ids);
    }

    private List<Object> seen(long user) {
        Object seen = storage.load(StorageKey.of(BalancedBots.BOT_ID, user, user)).data().get(CounterController.SEEN);
        return seen instanceof List<?> list ? List.copyOf(list) : List.of();
    }

    private String balancerCounters() throws IOException {
        Map<String, String> counters = new TreeMap<>();
        bots.haProxy().servers().forEach((name, row) -> counters.put(name, ("%s requests %s, retries %s,"
                + " redispatches %s, 5xx %s").formatted(row.get("status"), row.get("stot"), row.get("wretr"),
                        row.get("wredis"),
                        row.get("hrsp_5xx"))));
        Map<String, String> frontend = bots.haProxy().frontend();
        return counters + "; frontend 2xx " + frontend.get("hrsp_2xx") + ", 5xx " + frontend.get("hrsp_5xx");
    }

    private static long millisSince(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin).toMillis();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (IOException ex) {
            return "?";
        }
    }

    /**
     * Prints a line of the report and appends it to {@code target/balancer-report.md}.
     *
     * @param format the line's format
     * @param args its arguments
     */
    static void report(String format, Object... args) {
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
