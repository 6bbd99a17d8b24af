package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.springframework.context.ApplicationContext;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.telegram.TestUpdates;

/**
 * The concurrency scenario shared by every backend: 100 users send 20 numbered messages each,
 * interleaved (round-robin) and submitted as fast as possible to the auto-configured dispatcher. Each
 * handler appends its number to the user's list and sets the state; the test asserts that every user
 * saw its updates in order and that the stored data is exact.
 */
final class DispatcherConcurrency {

    static final int USERS = 100;

    static final int MESSAGES = 20;

    /** Records any update that saw its predecessor missing. */
    final List<String> outOfOrder = new CopyOnWriteArrayList<>();

    /** Appends the message's number to the user's list. */
    final UpdateHandler handler = (update) -> {
        int n = Integer.parseInt(update.update().getMessage().getText());
        FsmContext context = update.context();
        List<Object> seen = new ArrayList<>();
        if (context.getData().get("seen") instanceof List<?> list) {
            seen.addAll(list);
        }
        if (seen.size() != n) {
            outOfOrder.add("user " + update.key().userId() + " got " + n + " after " + seen);
        }
        seen.add(n);
        Object sum = context.getData().getOrDefault("sum", 0);
        context.updateData(Map.of("seen", seen, "sum", ((Number) sum).intValue() + n));
        context.setState("Step:" + n);
    };

    void runAndVerify(ApplicationContext context) throws Exception {
        UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            for (int user = 1; user <= USERS; user++) {
                done.add(dispatcher.submit(TestUpdates.message(n * USERS + user, user, String.valueOf(n))));
            }
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertThat(outOfOrder).isEmpty();
        FsmContexts contexts = context.getBean(FsmContexts.class);
        List<Integer> expected = IntStream.range(0, MESSAGES).boxed().toList();
        int expectedSum = expected.stream().mapToInt(Integer::intValue).sum();
        for (int user = 1; user <= USERS; user++) {
            FsmContext slot = contexts.writeThrough(StorageKey.of(dispatcher.botId(), user, user));
            assertThat(slot.getState()).as("state of user %d", user).isEqualTo("Step:" + (MESSAGES - 1));
            assertThat(slot.getData()).as("data of user %d", user).containsEntry("seen", expected)
                    .containsEntry("sum", expectedSum);
        }
    }
}
