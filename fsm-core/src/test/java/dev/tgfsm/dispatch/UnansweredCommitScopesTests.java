package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * A conversation's commit that the storage applies but does not answer (a frozen server that runs
 * the write when it resumes, after the client timed out): the scope changes, written after the
 * conversation's records, are written once by the attempt that finds the commit applied, never
 * twice and never those of an attempt whose commit was not applied.
 */
class UnansweredCommitScopesTests {

    private static final long BOT = 42;

    private static final long GROUP = -500;

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage store = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    /** What the next saves of a conversation's records do, one entry per save; then they pass. */
    private final List<Fault> faults = new ArrayList<>();

    private final AtomicInteger duplicates = new AtomicInteger();

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    private enum Fault {
        /** Not applied, not answered. */
        LOST,
        /** Applied, not answered. */
        APPLIED
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /** The store, with the faults of {@link #faults} for saves that write a conversation's main record. */
    private FsmStorage faulty() {
        return (FsmStorage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FsmStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("save") && args[0] instanceof WriteBatch batch && writesMain(batch)) {
                        Fault fault;
                        synchronized (faults) {
                            fault = faults.isEmpty() ? null : faults.remove(0);
                        }
                        if (fault == Fault.APPLIED) {
                            store.save(batch);
                        }
                        if (fault != null) {
                            throw new StorageUnavailableException("Command timed out (" + fault + ")", null);
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    private static boolean writesMain(WriteBatch batch) {
        for (RecordWrite write : batch.writes()) {
            if (write.key().destiny().equals(StorageKey.DEFAULT_DESTINY)) {
                return true;
            }
        }
        return false;
    }

    private UpdateDispatcher dispatcher(UpdateHandler handler) {
        FsmContexts contexts = new FsmContexts(faulty(), new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, handler,
                DispatcherConfig.ofDefaults().withThreads(2), new DispatchListener() {
                    @Override
                    public void duplicate(Update update) {
                        duplicates.incrementAndGet();
                    }
                });
        return dispatcher;
    }

    /** Counts the update in the conversation, the user's scope and the chat's scope. */
    private static void counting(UpdateContext u) {
        int seen = (Integer) u.context().getData().getOrDefault("updates", 0);
        u.context().updateData(Map.of("updates", seen + 1));
        u.scope(DataScope.USER).increment("updates", 1);
        u.scope(DataScope.CHAT).increment("updates", 1);
    }

    private long scoped(DataScope scope, long user, String name) {
        Object value = store.load(scope.keyOf(StorageKey.of(BOT, GROUP, user))).data().get(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    @Test
    void theScopeChangesOfACommitAppliedButUnansweredAreWrittenOnceWhenTheRetryFindsItCommitted() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        faults.add(Fault.APPLIED);

        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);

        assertThat(duplicates).as("the retry found the update committed").hasValue(1);
        assertThat(store.getData(StorageKey.of(BOT, GROUP, 1))).containsEntry("updates", 1);
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(1);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(1);
    }

    @Test
    void onlyTheScopeChangesOfTheAttemptWhoseCommitWasAppliedAreWritten() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        dispatcher(u -> {
            counting(u);
            u.scope(DataScope.USER).set("attempt", attempts.incrementAndGet());
        });
        // the first attempt's commit is lost, the second's applied unanswered, the third finds it committed
        faults.add(Fault.LOST);
        faults.add(Fault.APPLIED);

        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);

        assertThat(attempts).hasValue(2);
        assertThat(duplicates).hasValue(1);
        assertThat(store.getData(StorageKey.of(BOT, GROUP, 1))).containsEntry("updates", 1);
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(1);
        assertThat(scoped(DataScope.USER, 1, "attempt")).as("the applied attempt's changes").isEqualTo(2);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(1);
    }

    @Test
    void aCommitNotAppliedWritesTheScopeChangesOfTheAttemptThatCommitsOnly() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        faults.add(Fault.LOST);
        faults.add(Fault.LOST);

        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);

        assertThat(duplicates).hasValue(0);
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(1);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(1);
    }

    @Test
    void manyUpdatesWithUnansweredCommitsCountExactlyOnceEach() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        int users = 4;
        int perUser = 10;
        synchronized (faults) {
            for (int i = 0; i < users * perUser; i++) {
                faults.add(i % 3 == 0 ? Fault.LOST : Fault.APPLIED);
            }
        }
        List<CompletableFuture<Void>> handled = new ArrayList<>();
        for (int i = 0; i < perUser; i++) {
            for (long user = 1; user <= users; user++) {
                handled.add(dispatcher.submit(updates.text(GROUP, user, "u" + i)));
            }
        }
        for (CompletableFuture<Void> update : handled) {
            update.get(30, TimeUnit.SECONDS);
        }

        assertThat(duplicates.get()).as("updates found committed when run again").isGreaterThan(10);
        for (long user = 1; user <= users; user++) {
            assertThat(store.getData(StorageKey.of(BOT, GROUP, user))).containsEntry("updates", perUser);
            assertThat(scoped(DataScope.USER, user, "updates")).isEqualTo(perUser);
        }
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo((long) users * perUser);
    }

    @Test
    void workFromOutsideWhoseCommitWasAppliedButUnansweredWritesItsScopeChangesOnce() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        Conversations conversations = new Conversations(dispatcher, null, null);
        faults.add(Fault.APPLIED);

        conversations.of(GROUP, 1).run(c -> {
            c.context().updateData(Map.of("jobs", 1));
            c.scope(DataScope.USER).increment("jobs", 1);
            return null;
        }).get(10, TimeUnit.SECONDS);

        assertThat(store.getData(StorageKey.of(BOT, GROUP, 1))).containsEntry("jobs", 1);
        assertThat(scoped(DataScope.USER, 1, "jobs")).isEqualTo(1);
    }

}
