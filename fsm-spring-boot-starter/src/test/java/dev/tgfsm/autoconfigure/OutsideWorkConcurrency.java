package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ApplicationContext;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.telegram.TestUpdates;

/**
 * The scenario shared by every backend: four threads submit updates for one hot user and twenty
 * other users to one instance's dispatcher while two job threads drive the same users through
 * another instance's (or the same) {@link Conversations}. Updates and jobs both read and increment
 * counters in the user's data, so a lost or doubled change shows in the counts; the counts must be
 * exact and no update may meet a version conflict.
 */
final class OutsideWorkConcurrency {

    static final long HOT_USER = 1;

    static final int OTHER_USERS = 20;

    static final int HOT_UPDATES = 200;

    static final int HOT_JOBS = 100;

    static final int UPDATES_EACH = 10;

    static final int JOBS_EACH = 5;

    /** Counts the updates that met a conflict or failed, on the instance that takes the updates. */
    final AtomicInteger conflicts = new AtomicInteger();

    final AtomicInteger failures = new AtomicInteger();

    final DispatchListener listener = new DispatchListener() {
        @Override
        public void conflicted(Update update) {
            conflicts.incrementAndGet();
        }

        @Override
        public void failed(Update update, Throwable error) {
            failures.incrementAndGet();
        }
    };

    /** Counts an update. */
    final UpdateHandler handler = (update) -> increment(update, "updates");

    private static void increment(UpdateContext conversation, String counter) {
        FsmContext context = conversation.context();
        int count = ((Number) context.getData().getOrDefault(counter, 0)).intValue();
        int total = ((Number) context.getData().getOrDefault("total", 0)).intValue();
        context.updateData(Map.of(counter, count + 1, "total", total + 1));
    }

    /**
     * Runs the scenario and checks the counts.
     *
     * @param jobs the instance whose Conversations drive the users
     * @param updates the instance whose dispatcher takes the updates
     */
    void runAndVerify(ApplicationContext jobs, ApplicationContext updates) throws Exception {
        UpdateDispatcher dispatcher = updates.getBean(UpdateDispatcher.class);
        Conversations conversations = jobs.getBean(Conversations.class);
        List<Long> users = new ArrayList<>();
        users.add(HOT_USER);
        for (long u = 2; u <= OTHER_USERS + 1; u++) {
            users.add(u);
        }
        AtomicInteger updateIds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<CompletableFuture<?>>>> submitted = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            submitted.add(pool.submit(() -> {
                start.await();
                List<CompletableFuture<?>> done = new ArrayList<>();
                for (int i = 0; i < HOT_UPDATES / 4; i++) {
                    done.add(dispatcher.submit(TestUpdates.message(updateIds.incrementAndGet(), HOT_USER, "u")));
                    long other = users.get(1 + (i * 4 + thread) % OTHER_USERS);
                    if (i < OTHER_USERS * UPDATES_EACH / 4) {
                        done.add(dispatcher.submit(TestUpdates.message(updateIds.incrementAndGet(), other, "u")));
                    }
                }
                return done;
            }));
        }
        for (int t = 0; t < 2; t++) {
            int thread = t;
            submitted.add(pool.submit(() -> {
                start.await();
                List<CompletableFuture<?>> done = new ArrayList<>();
                for (int i = 0; i < HOT_JOBS / 2; i++) {
                    done.add(conversations.of(HOT_USER, HOT_USER).run(c -> {
                        increment(c, "jobs");
                        return null;
                    }));
                    long other = users.get(1 + (i * 2 + thread) % OTHER_USERS);
                    done.add(conversations.of(other, other).run(c -> {
                        increment(c, "jobs");
                        return null;
                    }));
                }
                return done;
            }));
        }
        start.countDown();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Future<List<CompletableFuture<?>>> batch : submitted) {
            all.addAll(batch.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        FsmContexts contexts = updates.getBean(FsmContexts.class);
        Map<String, Object> hot = contexts.writeThrough(StorageKey.of(dispatcher.botId(), HOT_USER, HOT_USER))
                .getData();
        assertThat(hot).containsEntry("updates", HOT_UPDATES).containsEntry("jobs", HOT_JOBS)
                .containsEntry("total", HOT_UPDATES + HOT_JOBS);
        for (long user : users.subList(1, users.size())) {
            Map<String, Object> data = contexts.writeThrough(StorageKey.of(dispatcher.botId(), user, user)).getData();
            assertThat(data).as("user %d", user).containsEntry("updates", UPDATES_EACH).containsEntry("jobs", JOBS_EACH)
                    .containsEntry("total", UPDATES_EACH + JOBS_EACH);
        }
        assertThat(conflicts).as("updates that met a version conflict").hasValue(0);
        assertThat(failures).hasValue(0);
    }
}
