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
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.privacy.Privacy;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * Scope changes are applied exactly once whatever write fails: a conversation's commit that the
 * storage applies but does not answer (a frozen server that runs the write when it resumes, after
 * the client timed out), a scope write that times out (applied or not), the write that clears the
 * applied operations from the conversation, or a process that dies between the conversation's
 * commit and the scope write. The next unit of work of the conversation finishes what is left.
 *
 * <p>Here the scopes are written apart from the conversation (a write per scope, then the clearing),
 * as on a Redis Cluster where they live in other hash slots; {@link UnansweredCommitScopesTogetherTests}
 * runs the same with the scope writes and the clearing in one atomic write, as everywhere else.
 */
class UnansweredCommitScopesTests {

    private static final long BOT = 42;

    private static final long GROUP = -500;

    /** The conversation's bookkeeping entry of scope operations not yet cleared. */
    private static final String PENDING = "tgfsm.scopeOps";

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage store = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    /** What the next saves do, the first fault whose target a save matches; then they pass. */
    private final List<Fault> faults = new ArrayList<>();

    private final AtomicInteger duplicates = new AtomicInteger();

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    private enum Outcome {
        /** Not applied, not answered. */
        LOST,
        /** Applied, not answered. */
        APPLIED,
        /** Not applied, and the process dies: nothing it kept in memory is used again. */
        CRASH
    }

    private enum Target {
        /** A commit of a conversation's records. */
        COMMIT,
        /** A write of a user's or chat's record. */
        SCOPE,
        /** The write that clears applied scope operations from the conversation. */
        CLEARING
    }

    private record Fault(Target target, Outcome outcome) {
    }

    /** A process's death, thrown where the fault struck. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("crash", null, false, false);
        }
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /** Whether the storage writes the scopes and the clearing together, in one atomic write. */
    boolean together() {
        return false;
    }

    /**
     * The store, with the faults of {@link #faults}; writing the scopes together with the conversation
     * only when {@link #together()}. A write together is struck by a fault on the scope or the clearing.
     */
    private FsmStorage faulty() {
        return (FsmStorage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{FsmStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("writesTogether")) {
                        return together();
                    }
                    if (method.getName().equals("saveEach")) {
                        // each batch through the faults, as the store's own saveEach would write it
                        List<RuntimeException> failures = new ArrayList<>();
                        for (Object batch : (List<?>) args[0]) {
                            try {
                                ((FsmStorage) proxy).save((WriteBatch) batch);
                                failures.add(null);
                            }
                            catch (RuntimeException ex) {
                                failures.add(ex);
                            }
                        }
                        return failures;
                    }
                    boolean joint = method.getName().equals("saveTogether");
                    if (joint || method.getName().equals("save") && args[0] instanceof WriteBatch) {
                        Fault fault = null;
                        synchronized (faults) {
                            for (int i = 0; i < faults.size() && fault == null; i++) {
                                Target target = faults.get(i).target();
                                if (joint ? target != Target.COMMIT : target == target((WriteBatch) args[0])) {
                                    fault = faults.remove(i);
                                }
                            }
                        }
                        if (fault != null) {
                            switch (fault.outcome()) {
                                case APPLIED -> {
                                    method.invoke(store, args);
                                    throw new StorageUnavailableException("Command timed out (applied)", null);
                                }
                                case LOST -> throw new StorageUnavailableException("Command timed out (lost)", null);
                                case CRASH -> throw new Crash();
                            }
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

    private static Target target(WriteBatch batch) {
        for (RecordWrite write : batch.writes()) {
            if (write.key().destiny().equals(StorageKey.DEFAULT_DESTINY)) {
                boolean wasPending = write.base() != null && write.base().meta().containsKey(PENDING);
                boolean isPending = write.record() != null && write.record().meta().containsKey(PENDING);
                return wasPending && !isPending && batch.writes().size() == 1
                        && write.record() != null && write.record().data().equals(write.base().data())
                                ? Target.CLEARING : Target.COMMIT;
            }
        }
        return Target.SCOPE;
    }

    private UpdateDispatcher dispatcher(UpdateHandler handler) {
        if (dispatcher != null) {
            // a new process: the old one's memory is gone
            dispatcher.close();
        }
        FsmContexts contexts = FsmTransactions.contexts(faulty(), new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
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
        faults.add(new Fault(Target.COMMIT, Outcome.APPLIED));

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
        faults.add(new Fault(Target.COMMIT, Outcome.LOST));
        faults.add(new Fault(Target.COMMIT, Outcome.APPLIED));

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
        faults.add(new Fault(Target.COMMIT, Outcome.LOST));
        faults.add(new Fault(Target.COMMIT, Outcome.LOST));

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
                faults.add(new Fault(Target.COMMIT, i % 3 == 0 ? Outcome.LOST : Outcome.APPLIED));
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
        faults.add(new Fault(Target.COMMIT, Outcome.APPLIED));

        conversations.of(GROUP, 1).run(c -> {
            c.context().updateData(Map.of("jobs", 1));
            c.scope(DataScope.USER).increment("jobs", 1);
            return null;
        }).get(10, TimeUnit.SECONDS);

        assertThat(store.getData(StorageKey.of(BOT, GROUP, 1))).containsEntry("jobs", 1);
        assertThat(scoped(DataScope.USER, 1, "jobs")).isEqualTo(1);
    }

    @Test
    void aScopeWriteThatTimesOutUnappliedIsFinishedByTheNextUpdateOnce() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        faults.add(new Fault(Target.SCOPE, Outcome.LOST));

        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).as("recorded, not yet applied")
                .containsKey(PENDING);
        dispatcher.submit(updates.text(GROUP, 1, "two")).get(10, TimeUnit.SECONDS);

        assertThat(store.getData(StorageKey.of(BOT, GROUP, 1))).containsEntry("updates", 2);
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(2);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(2);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).doesNotContainKey(PENDING);
    }

    @Test
    void aScopeWriteAppliedButUnansweredIsNotAppliedAgainByTheNextUpdate() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        faults.add(new Fault(Target.SCOPE, Outcome.APPLIED));

        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);
        dispatcher.submit(updates.text(GROUP, 1, "two")).get(10, TimeUnit.SECONDS);

        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(2);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(2);
    }

    @Test
    void scopeOperationsAppliedButNotClearedAreNotAppliedAgain() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        faults.add(new Fault(Target.CLEARING, Outcome.LOST));
        faults.add(new Fault(Target.CLEARING, Outcome.APPLIED));

        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).as("not cleared").containsKey(PENDING);
        // apart: applied, not cleared; together: the lost write applied nothing, never one without the other
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(together() ? 0 : 1);
        dispatcher.submit(updates.text(GROUP, 1, "two")).get(10, TimeUnit.SECONDS);
        dispatcher.submit(updates.text(GROUP, 1, "three")).get(10, TimeUnit.SECONDS);

        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(3);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(3);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).doesNotContainKey(PENDING);
    }

    @Test
    void aProcessThatDiesBetweenTheCommitAndTheScopeWriteLosesNoScopeChange() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        faults.add(new Fault(Target.SCOPE, Outcome.CRASH));

        assertThat(dispatcher.submit(updates.text(GROUP, 1, "one"))).failsWithin(10, TimeUnit.SECONDS);
        assertThat(store.getData(StorageKey.of(BOT, GROUP, 1))).as("the conversation committed")
                .containsEntry("updates", 1);
        assertThat(scoped(DataScope.USER, 1, "updates")).as("the scope not yet written").isZero();
        // the restarted process: the conversation's next update finishes the change before it reads the scope
        long[] seen = new long[1];
        dispatcher(u -> {
            seen[0] = (Long) u.scope(DataScope.USER).all().get("updates");
            counting(u);
        });
        dispatcher.submit(updates.text(GROUP, 1, "two")).get(10, TimeUnit.SECONDS);

        assertThat(seen[0]).as("the handler saw the change of the update before").isEqualTo(1);
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(2);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(2);
    }

    @Test
    void workFromOutsideFinishesTheScopeOperationsOfAConversationFirst() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        faults.add(new Fault(Target.SCOPE, Outcome.LOST));
        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);
        Conversations conversations = new Conversations(dispatcher, null, null);

        Object seen = conversations.of(GROUP, 1).run(c -> c.scope(DataScope.CHAT).get("updates")).get(10,
                TimeUnit.SECONDS);

        assertThat(((Number) seen).longValue()).isEqualTo(1);
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(1);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).doesNotContainKey(PENDING);
    }

    @Test
    void theBookkeepingOfScopeOperationsIsHiddenFromHandlersAndTheUsersExport() throws Exception {
        Object[] seen = new Object[2];
        dispatcher(u -> {
            counting(u);
            seen[0] = EngineContext.of(u.context()).getMeta(PENDING);
            seen[1] = EngineContext.of(u.context()).getMeta("tgfsm.applied");
        });
        faults.add(new Fault(Target.SCOPE, Outcome.LOST));
        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);
        faults.add(new Fault(Target.CLEARING, Outcome.LOST));
        dispatcher.submit(updates.text(GROUP, 1, "two")).get(10, TimeUnit.SECONDS);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).containsKey(PENDING);

        String export = new Privacy(store, clock).export(1).toMap().toString();

        assertThat(seen).containsOnlyNulls();
        assertThat(export).contains("updates").doesNotContain("tgfsm.scopeOps").doesNotContain("tgfsm.applied")
                .doesNotContain("tgfsm.commit");
    }

    @Test
    void manyUpdatesWithEveryKindOfFaultCountExactlyOnceEach() throws Exception {
        dispatcher(UnansweredCommitScopesTests::counting);
        int users = 4;
        int perUser = 12;
        synchronized (faults) {
            for (int i = 0; i < users * perUser; i++) {
                Target target = Target.values()[i % 3];
                faults.add(new Fault(target, i % 2 == 0 ? Outcome.LOST : Outcome.APPLIED));
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
        // the last update of each may have left its operation recorded: one more unit of work finishes it
        Conversations conversations = new Conversations(dispatcher, null, null);
        for (long user = 1; user <= users; user++) {
            conversations.of(GROUP, user).run(c -> c.scope(DataScope.USER).all()).get(10, TimeUnit.SECONDS);
        }

        for (long user = 1; user <= users; user++) {
            assertThat(store.getData(StorageKey.of(BOT, GROUP, user))).containsEntry("updates", perUser);
            assertThat(scoped(DataScope.USER, user, "updates")).isEqualTo(perUser);
        }
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo((long) users * perUser);
    }

    /** Counts like {@link #counting}, or fails after reading the user's scope when the text is {@code boom}. */
    private static void countingOrFailing(UpdateContext u) {
        if ("boom".equals(u.update().getMessage().getText())) {
            u.scope(DataScope.USER).all();
            throw new IllegalStateException("boom");
        }
        counting(u);
    }

    @Test
    void anOperationAppliedButNotClearedIsNotAppliedAgainAfterManyMoreOperationsChangedItsScope() throws Exception {
        dispatcher(UnansweredCommitScopesTests::countingOrFailing);
        faults.add(new Fault(Target.SCOPE, Outcome.LOST));
        dispatcher.submit(updates.text(GROUP, 1, "one")).get(10, TimeUnit.SECONDS);
        assertThat(scoped(DataScope.USER, 1, "updates")).as("recorded, not applied").isZero();
        // the next update applies it before the handler reads the scope, then fails: nothing clears it
        dispatcher.submit(updates.text(GROUP, 1, "boom")).handle((done, failure) -> null).get(10, TimeUnit.SECONDS);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).as("applied, not cleared").containsKey(PENDING);
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(1);

        // 200 operations of the same user in other chats change its scope (the 128 ids it once remembered)
        int others = 200;
        for (int i = 0; i < others; i++) {
            dispatcher.submit(updates.text(GROUP - 1 - i, 1, "elsewhere")).get(10, TimeUnit.SECONDS);
        }
        assertThat(scoped(DataScope.USER, 1, "updates")).isEqualTo(1 + others);
        assertThat(((List<?>) store.load(DataScope.userKey(BOT, 1)).meta().get("tgfsm.applied")).size())
                .as("ids forgotten once their conversations were cleared").isLessThanOrEqualTo(64);
        dispatcher.submit(updates.text(GROUP, 1, "two")).get(10, TimeUnit.SECONDS);

        assertThat(scoped(DataScope.USER, 1, "updates")).as("the operation applied once").isEqualTo(1 + others + 1);
        assertThat(scoped(DataScope.CHAT, 1, "updates")).isEqualTo(2);
        assertThat(store.load(StorageKey.of(BOT, GROUP, 1)).meta()).doesNotContainKey(PENDING);
    }
}
