package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * The storage calls of an update under the conversation lock, with the user scope declared up
 * front: scope changes cost one more write, which writes every changed scope and clears the
 * operation from the conversation (releasing the lock) together; an update without scope changes
 * costs what it did, the lock with the load and the commit with the release. Where the storage
 * cannot write the scopes with the conversation (a Redis Cluster's other hash slots), each scope
 * gets a write of its own, all sent together, and the clearing one more.
 */
class ScopeRoundTripTests {

    private static final long GROUP = -900;

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final Updates updates = new Updates(clock);

    private final LeaseKeeper leases = new LeaseKeeper();

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        dispatcher.close();
        leases.close();
    }

    private void dispatcher(UpdateHandler handler) {
        dispatcher(handler, storage, DataScope.USER);
    }

    private void dispatcher(UpdateHandler handler, FsmStorage store, DataScope... preload) {
        FsmContexts contexts = FsmTransactions.contexts(store, new JacksonFsmCodec(), ContextConfig.ofDefaults()
                .withLock(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withPreload(Arrays.stream(preload).map(DataScope::destiny).toList()), leases);
        dispatcher = new UpdateDispatcher(1, KeyStrategy.USER_IN_CHAT, contexts, handler,
                DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    private Map<String, Long> callsOf(String text) throws Exception {
        dispatcher.submit(updates.text(GROUP, 7, "warm up " + text)).get(10, TimeUnit.SECONDS);
        storage.reset();
        dispatcher.submit(updates.text(GROUP, 7, text)).get(10, TimeUnit.SECONDS);
        return storage.snapshot();
    }

    @Test
    void anUpdateWithoutScopeChangesLocksAndLoadsThenCommits() throws Exception {
        dispatcher(u -> u.context().updateData(Map.of("n", u.update().getUpdateId())));

        assertThat(callsOf("plain")).containsExactlyInAnyOrderEntriesOf(Map.of("lockAndLoad", 1L, "save", 1L));
    }

    @Test
    void aUserScopeChangeAddsOneWriteOfTheScopeWithTheClearing() throws Exception {
        dispatcher(u -> {
            u.context().updateData(Map.of("n", u.update().getUpdateId()));
            u.scope(DataScope.USER).increment("n", 1);
        });

        assertThat(callsOf("user")).containsExactlyInAnyOrderEntriesOf(
                Map.of("lockAndLoad", 1L, "save", 1L, "saveTogether", 1L));
    }

    @Test
    void userAndChatScopesDeclaredUpFrontChangedCostThreeRoundTripsAsOneScopeDoes() throws Exception {
        dispatcher(u -> {
            u.scope(DataScope.USER).increment("n", 1);
            u.scope(DataScope.CHAT).increment("n", 1);
        }, storage, DataScope.USER, DataScope.CHAT);

        assertThat(callsOf("both")).containsExactlyInAnyOrderEntriesOf(
                Map.of("lockAndLoad", 1L, "save", 1L, "saveTogether", 1L));
    }

    @Test
    void aChatScopeNotDeclaredUpFrontIsReadWhenFirstUsed() throws Exception {
        dispatcher(u -> {
            u.scope(DataScope.USER).increment("n", 1);
            u.scope(DataScope.CHAT).increment("n", 1);
        });

        assertThat(callsOf("both")).containsExactlyInAnyOrderEntriesOf(
                Map.of("lockAndLoad", 1L, "loadAll", 1L, "save", 1L, "saveTogether", 1L));
    }

    @Test
    void whereScopesAreWrittenApartTheyAreSentTogetherAndTheClearingCostsOneMore() throws Exception {
        CountingFsmStorage apart = new CountingFsmStorage(new WritingApart(storage));
        dispatcher(u -> {
            u.scope(DataScope.USER).increment("n", 1);
            u.scope(DataScope.CHAT).increment("n", 1);
        }, apart, DataScope.USER, DataScope.CHAT);

        dispatcher.submit(updates.text(GROUP, 7, "warm up")).get(10, TimeUnit.SECONDS);
        apart.reset();
        dispatcher.submit(updates.text(GROUP, 7, "apart")).get(10, TimeUnit.SECONDS);

        // the conversation's commit, both scope writes sent together (one round trip on Redis), the clearing
        assertThat(apart.snapshot()).containsExactlyInAnyOrderEntriesOf(
                Map.of("lockAndLoad", 1L, "save", 2L, "saveEach", 1L));
    }

    /** A storage that cannot write a scope with its conversation, as a Redis Cluster for keys in other slots. */
    private static final class WritingApart extends ForwardingFsmStorage {

        WritingApart(FsmStorage delegate) {
            super(delegate);
        }

        @Override
        public boolean writesTogether(StorageKey conversation, StorageKey other) {
            return false;
        }
    }
}
