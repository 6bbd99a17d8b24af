package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.telegram.TestUpdates;

/**
 * Per-conversation order across instances, shared by the backends that keep it: two application
 * instances (separate contexts, each with its own connection factory) on one store; 60 users send
 * 20 numbered messages each, and each message goes to the other instance than the one before. The
 * harness plays Telegram's long polling: it hands a user's next update out as soon as the instance
 * that got the previous one has announced it in the store (its first lock request returned: it took
 * the lock or announced its turn), not after that update was handled, so the two updates are in
 * flight on two instances at the same moment. Every fifth update is also posted to the other
 * instance at the same moment (a re-post). The handler records any update that finds its
 * predecessor missing or itself already applied; the stored data must show every update once and
 * in order.
 */
final class CrossInstanceOrder {

    static final int USERS = 60;

    static final int MESSAGES = 20;

    /** Any update that saw its predecessor missing, or saw itself applied already. */
    final List<String> outOfOrder = new CopyOnWriteArrayList<>();

    /** The lock requests of the updates on both instances. */
    final LockRequests locks = new LockRequests();

    /** How many updates the handlers ran, over both instances. */
    final AtomicInteger handled = new AtomicInteger();

    /** Appends the message's number to the user's list. */
    final UpdateHandler handler = (update) -> {
        handled.incrementAndGet();
        int n = Integer.parseInt(update.update().getMessage().getText());
        FsmContext context = update.context();
        List<Object> seen = new ArrayList<>();
        if (context.getData().get("seen") instanceof List<?> list) {
            seen.addAll(list);
        }
        if (seen.size() != n - first(update.key().userId())) {
            outOfOrder.add("user " + update.key().userId() + " got " + n + " after " + seen);
        }
        seen.add(n);
        Object sum = context.getData().getOrDefault("sum", 0);
        context.updateData(Map.of("seen", seen, "sum", ((Number) sum).intValue() + n));
        context.setState("Step:" + n);
    };

    private final Map<Long, Integer> firstNumber = new ConcurrentHashMap<>();

    private int first(long userId) {
        return firstNumber.getOrDefault(userId, 0);
    }

    /**
     * Wraps each instance's storage so that the harness learns when an update's first lock request
     * returned, which is when Telegram may hand out the next one.
     */
    final BeanPostProcessor announcements = locks.postProcessor();

    private CompletableFuture<Void> announcement(long turn) {
        return locks.announcement(turn);
    }

    private static int updateId(int user, int n) {
        return n * USERS + user;
    }

    /**
     * Plays every user's messages to the two instances and checks order, effects and stored data.
     *
     * @param a the first instance
     * @param b the second instance
     */
    void runAndVerify(ApplicationContext a, ApplicationContext b) throws Exception {
        List<UpdateDispatcher> instances = List.of(a.getBean(UpdateDispatcher.class),
                b.getBean(UpdateDispatcher.class));
        ExecutorService users = Executors.newFixedThreadPool(16);
        List<Future<List<CompletableFuture<Void>>>> plays = new ArrayList<>();
        for (int user = 1; user <= USERS; user++) {
            int u = user;
            plays.add(users.submit(() -> play(instances, u)));
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        try {
            for (Future<List<CompletableFuture<Void>>> play : plays) {
                done.addAll(play.get(120, TimeUnit.SECONDS));
            }
        }
        finally {
            users.shutdownNow();
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        assertThat(outOfOrder).as("updates handled out of order or twice").isEmpty();
        List<Integer> expected = IntStream.range(0, MESSAGES).boxed().toList();
        int expectedSum = expected.stream().mapToInt(Integer::intValue).sum();
        FsmContexts contexts = b.getBean(FsmContexts.class);
        for (int user = 1; user <= USERS; user++) {
            FsmContext slot = contexts.writeThrough(StorageKey.of(instances.get(0).botId(), user, user));
            assertThat(slot.getState()).as("state of user %d", user).isEqualTo("Step:" + (MESSAGES - 1));
            assertThat(slot.getData()).as("data of user %d", user).containsEntry("seen", expected)
                    .containsEntry("sum", expectedSum);
        }
        assertThat(handled.get()).as("each update's handler ran once, re-posts included").isEqualTo(USERS * MESSAGES);
    }

    private List<CompletableFuture<Void>> play(List<UpdateDispatcher> instances, int user) throws Exception {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            int id = updateId(user, n);
            UpdateDispatcher to = instances.get((n + user) % 2);
            done.add(to.submit(TestUpdates.message(id, user, String.valueOf(n))));
            if (n % 5 == 4) {
                // Telegram re-posts it to the other instance at the same moment
                done.add(instances.get((n + user + 1) % 2).submit(TestUpdates.message(id, user, String.valueOf(n))));
            }
            announcement(id).get(60, TimeUnit.SECONDS);
        }
        return done;
    }

    /**
     * A third instance announces a turn of a user and holds the user's lock, then dies without a word
     * (its context is closed: no release, no renewal, as after {@code kill -9}); the two live instances
     * then get the user's next updates, alternately. They go on once the dead instance's lease and
     * announcement lapse: every update handled once, in order.
     *
     * @param dead the instance that dies
     * @param a the first live instance
     * @param b the second live instance
     * @param lease the dead instance's lease (the configured lock lease)
     */
    void deadAnnouncerHoldsNobodyUp(ConfigurableApplicationContext dead, ApplicationContext a, ApplicationContext b,
            Duration lease) throws Exception {
        List<UpdateDispatcher> instances = List.of(a.getBean(UpdateDispatcher.class),
                b.getBean(UpdateDispatcher.class));
        int user = 7;
        StorageKey key = StorageKey.of(instances.get(0).botId(), user, user);
        FsmStorage deadStorage = dead.getBean(FsmStorage.class);
        assertThat(deadStorage.lockAndLoad(key, Lease.random(lease, 1), List.of()).acquired())
                .as("the dead instance handles update 1").isTrue();
        assertThat(deadStorage.lockAndLoad(key, Lease.random(lease, 2), List.of()).acquired())
                .as("and has announced update 2").isFalse();
        dead.close();
        firstNumber.put((long) user, 3);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int n = 3; n < 13; n++) {
            done.add(instances.get(n % 2).submit(TestUpdates.message(n, user, String.valueOf(n))));
            announcement(n).get(60, TimeUnit.SECONDS);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(outOfOrder).isEmpty();
        FsmContext slot = a.getBean(FsmContexts.class).writeThrough(key);
        assertThat(slot.getData()).containsEntry("seen", IntStream.range(3, 13).boxed().toList());
        assertThat(handled.get()).isEqualTo(10);
    }
}
