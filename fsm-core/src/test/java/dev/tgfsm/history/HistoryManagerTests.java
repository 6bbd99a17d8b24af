package dev.tgfsm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/** Mirrors seed 003 (aiogram's HistoryManager) method by method. */
class HistoryManagerTests {

    private static final StorageKey KEY = StorageKey.of(1, 10, 20);

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private final FsmContext state = FsmTransactions
            .contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null)
            .writeThrough(KEY);

    private final HistoryManager history = new HistoryManager(state);

    @Test
    void defaultsAreDestinyScenesHistoryAndSizeTen() {
        assertThat(HistoryManager.DEFAULT_DESTINY).isEqualTo("scenes_history");
        assertThat(history.size()).isEqualTo(10);
    }

    @Test
    void historyLivesInItsOwnDestinyAndLeavesTheMainSlotAlone() {
        history.push("A", Map.of("x", 1));
        assertThat(storage.load(KEY).exists()).isFalse();
        assertThat(storage.getData(KEY.withDestiny("scenes_history"))).containsKey("history");
    }

    @Test
    void pushAppendsAndGetPeeksAtTheLast() {
        history.push("A", Map.of("x", 1));
        history.push("B", Map.of("y", 2));
        assertThat(history.get()).isEqualTo(new HistoryEntry("B", Map.of("y", 2)));
        assertThat(history.all()).hasSize(2);
    }

    @Test
    void pushTrimsToTheLastSizeEntries() {
        HistoryManager small = new HistoryManager(state, "h", 3);
        for (int i = 0; i < 5; i++) {
            small.push("S" + i, Map.of("i", i));
        }
        assertThat(small.all()).extracting(HistoryEntry::state).containsExactly("S2", "S3", "S4");
    }

    @Test
    void popRemovesTheLastEntryAndClearsTheSlotWhenEmpty() {
        history.push("A", Map.of());
        history.push("B", Map.of());
        assertThat(history.pop().state()).isEqualTo("B");
        assertThat(history.all()).extracting(HistoryEntry::state).containsExactly("A");
        assertThat(history.pop().state()).isEqualTo("A");
        assertThat(storage.getData(KEY.withDestiny("scenes_history"))).isEmpty();
        assertThat(history.pop()).isNull();
    }

    @Test
    void getAndAllOnEmptyHistory() {
        assertThat(history.get()).isNull();
        assertThat(history.all()).isEmpty();
    }

    @Test
    void clearRemovesEveryEntry() {
        history.push("A", Map.of());
        history.clear();
        assertThat(history.all()).isEmpty();
    }

    @Test
    void snapshotPushesTheCurrentStateAndData() {
        state.setState("Form:NAME");
        state.setData(Map.of("name", "Ann"));
        history.snapshot();
        assertThat(history.get()).isEqualTo(new HistoryEntry("Form:NAME", Map.of("name", "Ann")));
    }

    @Test
    void rollbackRestoresThePoppedStateAndData() {
        state.setState("Form:NAME");
        state.setData(Map.of("name", "Ann"));
        history.snapshot();
        state.setState("Form:EMAIL");
        state.setData(Map.of("name", "Ann", "email", "a@b.c"));
        assertThat(history.rollback()).isEqualTo("Form:NAME");
        assertThat(state.getState()).isEqualTo("Form:NAME");
        assertThat(state.getData()).isEqualTo(Map.of("name", "Ann"));
    }

    @Test
    void rollbackOnEmptyHistoryClearsTheMainState() {
        state.setState("Form:NAME");
        state.setData(Map.of("name", "Ann"));
        assertThat(history.rollback()).isNull();
        assertThat(state.getState()).isNull();
        assertThat(state.getData()).isEmpty();
    }

    @Test
    void backNavigationOverThreeStepsRestoresDataExactly() {
        List<String> states = List.of("S:1", "S:2", "S:3");
        for (int i = 0; i < 3; i++) {
            state.setState(states.get(i));
            state.updateData("step" + i, Map.of("v", List.of(i, "x" + i)));
            history.snapshot();
        }
        state.setState("S:4");
        state.updateData("step3", 3);
        assertThat(history.rollback()).isEqualTo("S:3");
        assertThat(history.rollback()).isEqualTo("S:2");
        assertThat(state.getData()).isEqualTo(Map.of("step0", Map.of("v", List.of(0, "x0")),
                "step1", Map.of("v", List.of(1, "x1"))));
        assertThat(history.rollback()).isEqualTo("S:1");
        assertThat(state.getData()).isEqualTo(Map.of("step0", Map.of("v", List.of(0, "x0"))));
    }

    @Test
    void sizeMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HistoryManager(state, "h", 0));
    }
}
