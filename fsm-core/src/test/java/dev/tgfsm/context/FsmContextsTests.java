package dev.tgfsm.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testsupport.RenewalWatch;

/**
 * {@link FsmContexts} as an application without Spring uses it: made with its API constructor, the
 * unit of work seen as a {@link UnitOfWork}.
 */
class FsmContextsTests {

    private static final StorageKey KEY = StorageKey.of(1, 2, 3);

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    @Test
    void inTransactionCommitsTheWorkAndRunsTheWorkAfterTheCommit() {
        FsmContexts contexts = new FsmContexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults());
        List<String> told = new ArrayList<>();
        String result = contexts.inTransaction(KEY, work -> {
            work.context().setState("Order:ADDRESS");
            work.context(HistoryManager.DEFAULT_DESTINY).updateData("seen", 1);
            work.afterCommit(() -> told.add("state " + storage.getState(KEY)));
            assertThat(storage.getState(KEY)).as("nothing is written before the commit").isNull();
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(storage.getState(KEY)).isEqualTo("Order:ADDRESS");
        assertThat(storage.getData(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY))).containsEntry("seen", 1);
        assertThat(told).containsExactly("state Order:ADDRESS");
    }

    @Test
    void withALockLeaseTheWorkHoldsTheConversationsLock() {
        ContextConfig locking = ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ZERO);
        FsmContexts contexts = new FsmContexts(storage, new JacksonFsmCodec(), locking);
        FsmContexts other = new FsmContexts(storage, new JacksonFsmCodec(), locking);
        contexts.inTransaction(KEY, work -> {
            work.context().setState("A");
            assertThatExceptionOfType(LockTimeoutException.class)
                    .isThrownBy(() -> other.inTransaction(KEY, second -> second.context().getState()));
            return null;
        });
        String state = other.inTransaction(KEY, work -> work.context().getState());
        assertThat(state).as("released by the commit").isEqualTo("A");
    }

    @Test
    void theUnitOfWorkBotCodeSeesIsTheEnginesTransaction() {
        FsmContexts contexts = new FsmContexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults());
        contexts.inTransaction(KEY, work -> {
            assertThat(FsmTransactions.of(work).key()).isEqualTo(work.key());
            assertThat(work.key()).isEqualTo(KEY);
            return null;
        });
    }

    @Test
    void closeEndsTheRenewalThreadTheContextsMadeAndRefusesUnitsOfWork() throws Exception {
        RenewalWatch watched = new RenewalWatch(storage);
        // a lease of 30 ms is renewed every 10 ms while the unit of work holds the lock
        ContextConfig locking = ContextConfig.ofDefaults().withLock(Duration.ofMillis(30), Duration.ZERO);
        FsmContexts contexts = new FsmContexts(watched, new JacksonFsmCodec(), locking);
        AtomicReference<Thread> renewing = new AtomicReference<>();
        contexts.inTransaction(KEY, work -> {
            work.context().setState("A");
            try {
                renewing.set(watched.awaitRenewer(Duration.ofSeconds(10)));
            }
            catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
            return null;
        });
        Thread thread = renewing.get();
        assertThat(thread.getName()).isEqualTo("tgfsm-lease-renewal");
        assertThat(liveThreadsNamed("tgfsm-lease-renewal")).contains(thread);

        contexts.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(liveThreadsNamed("tgfsm-lease-renewal")).as("the keeper's renewal thread ended")
                .doesNotContain(thread);
        assertThatIllegalStateException()
                .isThrownBy(() -> contexts.inTransaction(KEY, work -> work.context().getState()))
                .withMessage("These FsmContexts are closed: no unit of work begins after close()");
        assertThatIllegalStateException().isThrownBy(() -> contexts.withLock(KEY, () -> "work"));
        // the refused unit of work took no lock: other contexts take it without waiting
        FsmContexts other = new FsmContexts(storage, new JacksonFsmCodec(), locking);
        String state = other.inTransaction(KEY, work -> work.context().getState());
        assertThat(state).isEqualTo("A");
        other.close();
        assertThat(contexts.writeThrough(KEY).getState()).as("write-through contexts keep working").isEqualTo("A");
        contexts.close();
    }

    @Test
    void closeLeavesALeaseKeeperHandedInToItsOwner() {
        ContextConfig locking = ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ZERO);
        try (LeaseKeeper keeper = new LeaseKeeper()) {
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), locking, keeper);
            contexts.inTransaction(KEY, work -> {
                work.context().setState("A");
                return null;
            });
            contexts.close();
            assertThatIllegalStateException().isThrownBy(() -> contexts.inTransaction(KEY, work -> null));
            // the keeper still takes, renews and releases locks for its owner
            LeaseKeeper.Held held = keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ZERO, List.of(KEY));
            assertThat(held.records().get(KEY).state()).isEqualTo("A");
            held.release(storage, null);
        }
    }

    private static List<Thread> liveThreadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
    }
}
