package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * The storage calls of an update under the conversation lock, with the user scope declared up
 * front: scope changes cost their scope's write and the write that clears them from the
 * conversation (which releases the lock); an update without scope changes costs what it did,
 * the lock with the load and the commit with the release.
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
        FsmContexts contexts = new FsmContexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults()
                .withLock(Duration.ofSeconds(5), Duration.ofSeconds(5)).withPreload(List.of(DataScope.USER.destiny())),
                leases);
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
    void aUserScopeChangeAddsTheScopeWriteAndTheClearing() throws Exception {
        dispatcher(u -> {
            u.context().updateData(Map.of("n", u.update().getUpdateId()));
            u.scope(DataScope.USER).increment("n", 1);
        });

        assertThat(callsOf("user")).containsExactlyInAnyOrderEntriesOf(Map.of("lockAndLoad", 1L, "save", 3L));
    }

    @Test
    void aChatScopeNotDeclaredUpFrontIsReadWhenFirstUsed() throws Exception {
        dispatcher(u -> {
            u.scope(DataScope.USER).increment("n", 1);
            u.scope(DataScope.CHAT).increment("n", 1);
        });

        assertThat(callsOf("both")).containsExactlyInAnyOrderEntriesOf(
                Map.of("lockAndLoad", 1L, "loadAll", 1L, "save", 4L));
    }
}
