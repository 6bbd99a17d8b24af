package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.JvmProcess;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.telegram.TestUpdates;

/**
 * A bot instance that really dies: it runs in its own JVM ({@link DeadInstanceMain}) on the same
 * store as two instances of this JVM, takes the conversations of many users, and is killed with
 * {@code SIGKILL} while the two survivors go on with those users' later updates, Telegram's
 * redelivery of the dead instance's unconfirmed updates included.
 *
 * <p>40 users send 16 numbered messages each (update id = number &times; users + user). Updates 0 to
 * 3 go through the survivors. Then, for half of the users (<em>holders</em>) the dead instance
 * handles update 4 (committed) and update 5, whose handler is still running when it dies (it holds
 * the conversation's lock); for the other half (<em>announcers</em>) a survivor handles update 4
 * slowly while the dead instance gets update 5, finds the conversation busy and announces its turn.
 * The process is killed, the survivors' update 4 finishes, and the survivors get the rest: for half
 * of each group Telegram redelivers the dead instance's updates (4 and 5, or 5) at once and the later
 * ones follow (<em>early</em>: everything in update-id order); for the other half the later updates
 * come first and the redelivery only after they were handled (<em>late</em>: update 5 is applied
 * last, as the README allows for an update whose instance died). Updates are handed out the way
 * {@link CrossInstanceOrder} does (the next as soon as the previous one's lock request came back),
 * alternating between the survivors.
 *
 * <p>Checked: every update's effect is in the user's data exactly once and in the order above (update
 * 4 of a holder from the dead instance, its redelivery a duplicate), every survivor handler ran once
 * per update, each update took the lock in a single acquisition (none gave up after
 * {@code lock-wait}, two leases, and ran again), and the first update of a dead instance's
 * conversation after the kill found it busy and got it only after a good part of the lease had
 * passed: the dead instance's lock and announcement held the others up for one lease, not less and
 * not for ever. On Redis, PostgreSQL and MariaDB.
 */
@RequiresServers({TestServer.REDIS, TestServer.POSTGRES, TestServer.MARIADB})
class DeadInstanceOrderIT {

    private static final int USERS = 40;

    private static final int MESSAGES = 16;

    private static final Duration LEASE = Duration.ofSeconds(4);

    private static final Duration WAIT = Duration.ofSeconds(120);

    private final LockRequests locks = new LockRequests();

    /** How often a survivor's handler ran for an update. */
    private final Map<Integer, AtomicInteger> ran = new ConcurrentHashMap<>();

    /** Survivors' updates whose handler waits for {@link #release}, and the latch they count down on start. */
    private final Map<Integer, CountDownLatch> slow = new ConcurrentHashMap<>();

    private final CountDownLatch release = new CountDownLatch(1);

    private final UpdateHandler handler = update -> {
        int id = update.update().getUpdateId();
        CountDownLatch started = slow.get(id);
        if (started != null) {
            started.countDown();
            release.await();
        }
        ran.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
        DeadInstanceMain.append(update);
    };

    /** Updates submitted to the survivors, by update id. */
    private final Map<Integer, AtomicInteger> submitted = new ConcurrentHashMap<>();

    @Test
    void aKilledInstanceOnRedisHoldsItsUsersUpForOneLeaseAndLosesNothing() throws Exception {
        survivorsGoOn(CrossInstanceStore.redis());
    }

    @Test
    void aKilledInstanceOnPostgresHoldsItsUsersUpForOneLeaseAndLosesNothing() throws Exception {
        survivorsGoOn(CrossInstanceStore.postgres());
    }

    @Test
    void aKilledInstanceOnMariaDbHoldsItsUsersUpForOneLeaseAndLosesNothing() throws Exception {
        survivorsGoOn(CrossInstanceStore.mariadb());
    }

    private static boolean holder(int user) {
        return user % 2 == 0;
    }

    private static boolean late(int user) {
        return user % 4 >= 2;
    }

    private static int updateId(int user, int n) {
        return n * USERS + user;
    }

    private void survivorsGoOn(CrossInstanceStore shared) throws Exception {
        CrossInstanceStore store = shared.with("tgfsm.isolation.lock-lease=" + LEASE.toSeconds() + "s",
                "tgfsm.isolation.lock-wait=" + LEASE.multipliedBy(2).toSeconds() + "s",
                "tgfsm.dispatcher.threads=32");
        ApplicationContextRunner runner = store.runner().withBean(UpdateHandler.class, () -> handler)
                .withBean("locks", BeanPostProcessor.class, locks::postProcessor);
        runner.run(a -> runner.run(b -> {
            try {
                run(store, List.of(a.getBean(UpdateDispatcher.class), b.getBean(UpdateDispatcher.class)), a);
            }
            finally {
                store.clear(b);
            }
        }));
    }

    private void run(CrossInstanceStore store, List<UpdateDispatcher> survivors, ApplicationContext a)
            throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        // updates 0..3 of everybody through the survivors
        await(forEachUser(user -> play(survivors, user, IntStream.range(0, 4).boxed().toList())));
        // an announcer's update 4 runs slowly on a survivor
        List<String> plan = new ArrayList<>();
        for (int user = 1; user <= USERS; user++) {
            int five = updateId(user, 5);
            if (holder(user)) {
                plan.add("commit:" + user + ":" + updateId(user, 4) + ":4");
                plan.add("hold:" + user + ":" + five + ":5");
            }
            else {
                int four = updateId(user, 4);
                CountDownLatch started = new CountDownLatch(1);
                slow.put(four, started);
                done.add(submit(survivors, user, 4));
                assertThat(started.await(60, TimeUnit.SECONDS)).as("update 4 of %d started", user).isTrue();
                plan.add("hold:" + user + ":" + five + ":5");
            }
        }
        List<String> args = new ArrayList<>(store.args());
        args.add("--");
        args.addAll(plan);
        long killed;
        String name = store.properties().get(0).contains("mariadb") ? "mariadb"
                : store.properties().get(0).contains("postgresql") ? "postgresql" : store.kind();
        try (JvmProcess dead = JvmProcess.start(DeadInstanceMain.class, log(name), args)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!inPlace(dead.output())) {
                if (System.nanoTime() - deadline > 0 || !dead.isAlive()) {
                    throw new AssertionError("The instance to kill did not take its conversations: " + dead.tail());
                }
                Thread.sleep(20);
            }
            dead.kill();
            killed = System.nanoTime();
            assertThat(dead.output()).as("killed before its held updates finished").doesNotContain(
                    "committed " + updateId(2, 5));
        }
        release.countDown();
        await(done);

        // the survivors get the rest, with Telegram's redelivery of what the dead instance did not confirm
        await(forEachUser(user -> {
            List<Integer> redelivered = holder(user) ? List.of(4, 5) : List.of(5);
            List<Integer> later = IntStream.range(6, MESSAGES).boxed().toList();
            if (!late(user)) {
                List<Integer> all = new ArrayList<>(redelivered);
                all.addAll(later);
                return play(survivors, user, all);
            }
            List<CompletableFuture<Void>> first = play(survivors, user, later);
            await(first);
            List<CompletableFuture<Void>> all = new ArrayList<>(first);
            all.addAll(play(survivors, user, redelivered));
            return all;
        }));

        FsmContexts contexts = a.getBean(FsmContexts.class);
        long bot = survivors.get(0).botId();
        long minWait = Long.MAX_VALUE;
        long maxWait = 0;
        int heldUp = 0;
        int outOfOrder = 0;
        for (int user = 1; user <= USERS; user++) {
            List<Integer> expected = new ArrayList<>(IntStream.range(0, MESSAGES).boxed().toList());
            if (late(user)) {
                expected.remove(Integer.valueOf(5));
                expected.add(5);
                outOfOrder++;
            }
            FsmContext slot = contexts.writeThrough(StorageKey.of(bot, user, user));
            assertThat(slot.getData()).as("data of user %d", user).containsEntry("seen", expected)
                    .containsEntry("sum", expected.stream().mapToInt(Integer::intValue).sum());
            assertThat(slot.getState()).isEqualTo("Step:" + expected.get(expected.size() - 1));
            for (int n = 0; n < MESSAGES; n++) {
                int id = updateId(user, n);
                int expectedRuns = holder(user) && n == 4 ? 0 : 1;
                assertThat(ran.getOrDefault(id, new AtomicInteger()).get())
                        .as("survivors ran update %d of user %d", n, user).isEqualTo(expectedRuns);
                assertThat(locks.acquisitions(id)).as("acquisitions of update %d of user %d", n, user)
                        .isEqualTo(submitted.getOrDefault(id, new AtomicInteger()).get());
            }
            // the first update of the user after the kill, unless it is the dead instance's own announced turn
            int first = updateId(user, late(user) ? 6 : holder(user) ? 4 : 5);
            if (holder(user) || late(user)) {
                assertThat(locks.firstBusy(first)).as("user %d held up by the dead instance", user).isTrue();
                long waited = locks.acquiredAt(first) - killed;
                assertThat(waited).as("user %d waited for a good part of the dead instance's lease", user)
                        .isGreaterThan(LEASE.toNanos() / 4);
                heldUp++;
                minWait = Math.min(minWait, waited);
                maxWait = Math.max(maxWait, waited);
            }
        }
        System.out.printf("dead instance (%s): %d users x %d updates; killed holding %d locks and %d announcements;"
                + " %d users held up, their first update after the kill got the lock %d to %d ms after it"
                + " (lease %d ms); %d redelivered updates applied after later ones (late redelivery), 0 other"
                + " out of order; %d ms%n", name, USERS, MESSAGES, USERS / 2, USERS / 2, heldUp,
                TimeUnit.NANOSECONDS.toMillis(minWait), TimeUnit.NANOSECONDS.toMillis(maxWait), LEASE.toMillis(),
                outOfOrder, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Whether the instance to kill holds every holder's lock and announced every announcer's turn. */
    private boolean inPlace(String output) {
        for (int user = 1; user <= USERS; user++) {
            String line = (holder(user) ? "handling " : "waiting ") + updateId(user, 5) + "\n";
            if (!output.contains(line)) {
                return false;
            }
        }
        return true;
    }

    private CompletableFuture<Void> submit(List<UpdateDispatcher> survivors, int user, int n) {
        int id = updateId(user, n);
        submitted.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
        return survivors.get((n + user) % 2).submit(TestUpdates.message(id, user, String.valueOf(n)));
    }

    /** A user's updates, each handed out once the previous one's lock request came back. */
    private List<CompletableFuture<Void>> play(List<UpdateDispatcher> survivors, int user, List<Integer> numbers)
            throws Exception {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int n : numbers) {
            done.add(submit(survivors, user, n));
            locks.announcement(updateId(user, n)).get(60, TimeUnit.SECONDS);
        }
        return done;
    }

    private interface Play {

        List<CompletableFuture<Void>> of(int user) throws Exception;
    }

    private static List<CompletableFuture<Void>> forEachUser(Play play) throws Exception {
        ExecutorService users = Executors.newFixedThreadPool(USERS);
        List<Future<List<CompletableFuture<Void>>>> plays = new ArrayList<>();
        for (int user = 1; user <= USERS; user++) {
            int u = user;
            plays.add(users.submit(() -> play.of(u)));
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        try {
            for (Future<List<CompletableFuture<Void>>> p : plays) {
                done.addAll(p.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        }
        finally {
            users.shutdownNow();
        }
        return done;
    }

    private static void await(List<CompletableFuture<Void>> done) throws Exception {
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Path log(String kind) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "crash-logs"));
        Path log = logs.resolve("dead-instance-" + kind + ".log");
        Files.deleteIfExists(log);
        return log;
    }
}
