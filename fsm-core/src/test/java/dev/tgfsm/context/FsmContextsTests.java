package dev.tgfsm.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

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
}
