package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * Withdrawing an update: not committed when withdrawn before the commit, and its id forgotten so
 * that the update submitted again is handled; a commit under way finishes; a reclaimed run commits.
 */
class WithdrawalTests {

    private static final long BOT = 43;

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final Updates updates = new Updates(clock);

    private final AtomicInteger applied = new AtomicInteger();

    private volatile CountDownLatch saving = new CountDownLatch(0);

    private volatile CountDownLatch releaseSave = new CountDownLatch(0);

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /** A dispatcher whose handler counts, then waits for {@code release}; saves wait for {@link #releaseSave}. */
    private UpdateDispatcher dispatcher(CountDownLatch running, CountDownLatch release) {
        FsmStorage store = (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(),
                new Class<?>[]{CounterStorage.class, ThrottleStorage.class, DeadlineIndex.class, PrivacyStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // this proxy, as each capability
                    }
                    if (method.getName().equals("save")) {
                        saving.countDown();
                        releaseSave.await(10, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(memory, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        FsmContexts contexts = FsmTransactions.contexts(store, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            u.context().updateData("n", ((Number) u.context().getData().getOrDefault("n", 0)).intValue() + 1);
            applied.incrementAndGet();
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
        }, DispatcherConfig.ofDefaults(), null);
        return dispatcher;
    }

    private Object stored(long user) {
        Map<String, Object> data = memory.getData(StorageKey.of(BOT, user, user));
        return data == null ? null : data.get("n");
    }

    @Test
    void anUpdateWithdrawnBeforeItsCommitIsNotCommittedAndIsHandledWhenSubmittedAgain() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        dispatcher(running, release);
        RecordingObserver observer = new RecordingObserver();
        dispatcher.setObserver(observer);
        Update update = updates.text(1, "hello");
        Withdrawal withdrawal = new Withdrawal();

        CompletableFuture<Void> first = dispatcher.submit(update, withdrawal);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(withdrawal.withdraw()).isTrue();
        release.countDown();

        assertThat(first).failsWithin(Duration.ofSeconds(5));
        assertThat(first).isCancelled();
        assertThat(stored(1)).as("nothing committed").isNull();
        assertThat(withdrawal.reclaim()).as("the run gave up").isFalse();

        dispatcher.submit(update).get(5, TimeUnit.SECONDS);
        assertThat(stored(1)).as("handled, not skipped as a duplicate").isEqualTo(1);
        assertThat(observer.ended).containsExactly("hello WITHDRAWN", "hello HANDLED");
    }

    @Test
    void aCommitUnderWayFinishesAndTheUpdateCannotBeWithdrawnAnyMore() throws Exception {
        dispatcher(new CountDownLatch(1), new CountDownLatch(0));
        saving = new CountDownLatch(1);
        releaseSave = new CountDownLatch(1);
        Update update = updates.text(2, "hello");
        Withdrawal withdrawal = new Withdrawal();

        CompletableFuture<Void> done = dispatcher.submit(update, withdrawal);
        assertThat(saving.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(withdrawal.withdraw()).as("committing").isFalse();
        releaseSave.countDown();

        done.get(5, TimeUnit.SECONDS);
        assertThat(stored(2)).isEqualTo(1);
        assertThat(withdrawal.withdraw()).as("done").isFalse();
        dispatcher.submit(update).get(5, TimeUnit.SECONDS);
        assertThat(applied).as("the id is still remembered").hasValue(1);
    }

    @Test
    void aReclaimedRunCommitsOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        dispatcher(running, release);
        Withdrawal withdrawal = new Withdrawal();

        CompletableFuture<Void> done = dispatcher.submit(updates.text(3, "hello"), withdrawal);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(withdrawal.withdraw()).isTrue();
        assertThat(withdrawal.reclaim()).isTrue();
        release.countDown();

        done.get(5, TimeUnit.SECONDS);
        assertThat(stored(3)).isEqualTo(1);
        assertThat(applied).hasValue(1);
    }

    @Test
    void anUpdateWithdrawnBeforeItIsSubmittedIsNotRun() {
        dispatcher(new CountDownLatch(1), new CountDownLatch(0));
        Withdrawal withdrawal = new Withdrawal();
        assertThat(withdrawal.withdraw()).isTrue();

        assertThat(dispatcher.submit(updates.text(4, "hello"), withdrawal)).isCancelled();
        assertThat(applied).hasValue(0);
    }
}
