package dev.tgfsm.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.state.FsmState;
import dev.tgfsm.state.StateGroup;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

class FsmTransactionTests {

    @StateGroup("Reg")
    enum Reg implements FsmState { NAME, EMAIL }

    record Address(String city, int zip) {
    }

    private static final StorageKey KEY = StorageKey.of(1, 100, 7);

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final LeaseKeeper leases = new LeaseKeeper();

    private FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
            null);

    @AfterEach
    void close() {
        leases.close();
    }

    @Test
    void typicalUpdateCostsOneLoadAndOneSave() {
        contexts.writeThrough(KEY).updateData("name", "Ann");
        storage.reset();
        try (FsmTransaction tx = contexts.begin(KEY)) {
            FsmContext ctx = tx.context();
            assertThat(ctx.getData()).containsEntry("name", "Ann");
            ctx.updateData("email", "ann@example.com");
            ctx.setState(Reg.EMAIL);
            assertThat(ctx.getState()).isEqualTo("Reg:EMAIL");
            tx.commit();
        }
        assertThat(storage.snapshot()).containsOnly(Map.entry("loadAll", 1L), Map.entry("save", 1L));
        assertThat(storage.getData(KEY)).containsOnly(Map.entry("name", "Ann"), Map.entry("email", "ann@example.com"));
        assertThat(storage.getState(KEY)).isEqualTo("Reg:EMAIL");
    }

    @Test
    void readOnlyUpdateDoesNotSave() {
        contexts.writeThrough(KEY).setState(Reg.NAME);
        storage.reset();
        try (FsmTransaction tx = contexts.begin(KEY)) {
            assertThat(tx.context().isIn(Reg.NAME)).isTrue();
            assertThat(tx.context().getData()).isEmpty();
            tx.commit();
        }
        assertThat(storage.snapshot()).containsOnly(Map.entry("loadAll", 1L));
    }

    @Test
    void changesThatRestoreTheSameValuesWriteNothing() {
        contexts.writeThrough(KEY).updateData("n", 1);
        storage.reset();
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().updateData("n", 1);
            tx.context().setState((String) null);
            tx.commit();
        }
        assertThat(storage.count("save")).isZero();
    }

    @Test
    void aPatchWhoseFirstEntriesAreUnchangedStillMergesTheRestInOrder() {
        contexts.writeThrough(KEY).setData(Map.of("name", "Ann"));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("name", "Ann");
        patch.put("email", "ann@example.com");
        patch.put("zip", 10115);
        try (FsmTransaction tx = contexts.begin(KEY)) {
            Map<String, Object> merged = tx.context().updateData(patch);
            assertThat(merged.keySet()).containsExactly("name", "email", "zip");
            tx.commit();
        }
        assertThat(storage.getData(KEY)).containsExactly(Map.entry("name", "Ann"),
                Map.entry("email", "ann@example.com"),
                Map.entry("zip", 10115));
    }

    @Test
    void callersMapsAndTheStoredDataNeverAliasBeforeOrAfterTheCommit() {
        Map<String, Object> given = new LinkedHashMap<>(Map.of("name", "Ann"));
        Map<String, Object> patch = new LinkedHashMap<>(Map.of("step", 1));
        Map<String, Object> seen;
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().setData(given);
            tx.context().updateData(patch);
            given.put("name", "Bob");
            patch.put("step", 2);
            tx.commit();
            seen = tx.context().getData();
            tx.context().setState(Reg.NAME);
        }
        assertThat(seen).containsOnly(Map.entry("name", "Ann"), Map.entry("step", 1));
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> seen.put("name", "Eve"));
        Map<String, Object> stored = storage.getData(KEY);
        assertThat(stored).isEqualTo(seen);
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> stored.put("name", "Eve"));
        try (FsmTransaction tx = contexts.begin(KEY)) {
            assertThat(tx.context().getData()).isEqualTo(seen);
            assertThat(tx.context().getState()).as("the uncommitted change was dropped").isNull();
        }
    }

    @Test
    void aSecondCommitWritesAgainstTheVersionOfTheFirst() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().updateData("n", 1);
            tx.commit();
            tx.context().updateData("n", 2);
            tx.commit();
        }
        assertThat(storage.load(KEY).version()).isEqualTo(2);
        assertThat(storage.getData(KEY)).containsOnly(Map.entry("n", 2));
    }

    @Test
    void untouchedTransactionDoesNotEvenLoad() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.commit();
        }
        assertThat(storage.total()).isZero();
    }

    @Test
    void closingWithoutCommitWritesNothing() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().setState(Reg.NAME);
            tx.context().updateData("x", 1);
        }
        assertThat(storage.load(KEY).exists()).isFalse();
    }

    @Test
    void historyIsCommittedInTheSameBatchAndPreloaded() {
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(HistoryManager.DEFAULT_DESTINY)), null);
        try (FsmTransaction tx = contexts.begin(KEY)) {
            HistoryManager history = new HistoryManager(tx.context());
            tx.context().setState(Reg.NAME);
            history.snapshot();
            tx.context().setState(Reg.EMAIL);
            tx.commit();
        }
        assertThat(storage.snapshot()).containsOnly(Map.entry("loadAll", 1L), Map.entry("save", 1L));
        assertThat(storage.getData(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY))).containsKey("history");
    }

    @Test
    void commitFailsWithConflictWhenAnotherWriterGotInAndWritesNothing() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().updateData("mine", 1);
            contexts.writeThrough(KEY).updateData("theirs", 2);
            assertThatExceptionOfType(FsmConflictException.class).isThrownBy(tx::commit);
        }
        assertThat(storage.getData(KEY)).containsOnly(Map.entry("theirs", 2));
    }

    @Test
    void valuesAreStoredAsPlainJsonAndReadBackTyped() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().updateData("address", new Address("Oslo", 150));
            tx.commit();
        }
        FsmContext ctx = contexts.writeThrough(KEY);
        assertThat(ctx.getValue("address")).isEqualTo(Map.of("city", "Oslo", "zip", 150));
        assertThat(ctx.getValue("address", Address.class)).isEqualTo(new Address("Oslo", 150));
        assertThat(ctx.getValue("missing", Integer.class, 5)).isEqualTo(5);
    }

    @Test
    void clearingEverythingDeletesTheRecord() {
        contexts.writeThrough(KEY).updateData("a", 1);
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().clear();
            tx.commit();
        }
        assertThat(storage.load(KEY).exists()).isFalse();
    }

    @Test
    void withCrossInstanceLockAnUpdateCostsTwoStorageCalls() {
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(1)), leases);
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().getData();
            tx.context().updateData("a", 1);
            tx.context().setState(Reg.NAME);
            tx.commit();
        }
        assertThat(storage.snapshot()).containsOnly(Map.entry("lockAndLoad", 1L), Map.entry("save", 1L));
        storage.reset();
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().getState();
            tx.commit();
        }
        assertThat(storage.snapshot()).containsOnly(Map.entry("lockAndLoad", 1L), Map.entry("unlock", 1L));
    }

    @Test
    void changesAfterTheLockWasReleasedAreRefused() {
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(1)), leases);
        FsmTransaction tx = contexts.begin(KEY);
        tx.commit();
        assertThatIllegalStateException().isThrownBy(() -> tx.context().setState(Reg.NAME))
                .withMessageContaining("writeThrough");
        tx.close();
    }

    @Test
    void stateChangeListenerCanRefuseATransition() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.addListener((key, from, to) -> {
                if ("Reg:EMAIL".equals(to) && from == null) {
                    throw new IllegalStateException("forbidden");
                }
            });
            assertThatIllegalStateException().isThrownBy(() -> tx.context().setState(Reg.EMAIL));
            assertThat(tx.context().getState()).isNull();
            tx.context().setState(Reg.NAME);
            tx.context().setState(Reg.EMAIL);
            assertThat(tx.context().getState()).isEqualTo("Reg:EMAIL");
        }
    }

    @Test
    void deadlineRidesInTheCommitWithoutACallOfItsOwn() {
        Instant due = clock.instant().plusSeconds(60);
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().setState(Reg.NAME);
            tx.scheduleDeadline(due);
            tx.commit();
            assertThat(tx.pendingDeadline()).isNull();
        }
        assertThat(storage.count("scheduleDeadline")).isZero();
        assertThat(storage.deadlinesCommitted()).isEqualTo(1);
        assertThat(storage.claimDue(due, 10, Duration.ofSeconds(30))).extracting(DueDeadline::key)
                .containsExactly(KEY);
    }

    @Test
    void deadlineOfATransactionClosedWithoutCommitIsDropped() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().setState(Reg.NAME);
            tx.scheduleDeadline(clock.instant());
        }
        assertThat(storage.claimDue(clock.instant(), 10, Duration.ofSeconds(30))).isEmpty();
        assertThat(storage.count("scheduleDeadline")).isZero();
    }

    @Test
    void deadlineWithNothingToWriteIsAppliedByItsOwnCall() {
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.scheduleDeadline(clock.instant());
            tx.commit();
        }
        assertThat(storage.count("scheduleDeadline")).isEqualTo(1);
        assertThat(storage.count("save")).isZero();
        assertThat(storage.claimDue(clock.instant(), 10, Duration.ofSeconds(30))).extracting(DueDeadline::key)
                .containsExactly(KEY);
    }

    @Test
    void deadlineOnAStorageThatDoesNotCommitDeadlinesIsAppliedApartBeforeTheSave() {
        InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));
        CountingFsmStorage plain = new CountingFsmStorage((FsmStorage) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{DeadlineIndex.class},
                (proxy, method, args) -> method.getName().equals("commitsDeadlines") ? Boolean.FALSE
                        : method.getName().equals("capability")
                                ? Optional.of(proxy).filter(((Class<?>) args[0])::isInstance)
                        : invoke(method, memory, args)));
        FsmContexts apart = FsmTransactions.contexts(plain, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        try (FsmTransaction tx = apart.begin(KEY)) {
            tx.context().setState(Reg.NAME);
            tx.cancelDeadline();
            tx.scheduleDeadline(clock.instant());
            tx.commit();
        }
        assertThat(plain.count("scheduleDeadline")).isEqualTo(1);
        assertThat(plain.deadlinesCommitted()).as("the save carries none").isZero();
        assertThat(memory.claimDue(clock.instant(), 10, Duration.ofSeconds(30))).extracting(DueDeadline::key)
                .containsExactly(KEY);
    }

    @Test
    void cancelledDeadlineRidesInTheCommitAndRemovesTheEntry() {
        storage.scheduleDeadline(KEY, clock.instant());
        storage.reset();
        try (FsmTransaction tx = contexts.begin(KEY)) {
            tx.context().setState(Reg.EMAIL);
            tx.cancelDeadline();
            tx.commit();
        }
        assertThat(storage.count("cancelDeadline")).isZero();
        assertThat(storage.claimDue(clock.instant(), 10, Duration.ofSeconds(30))).isEmpty();
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }
}
