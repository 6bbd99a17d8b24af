package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Contract of the aiogram-level convenience methods, whether a backend inherits the defaults or
 * overrides them: {@code getState}, {@code setState}, {@code getData}, {@code setData},
 * {@code updateData}, {@code getValue}, {@code compareAndSet}, {@code delete}, {@code change} and
 * {@code defaultTtl}.
 */
public interface ConvenienceContract extends StorageContract {

    @Test
    default void readsOfMissingKeyReturnNothingAndCreateNothing() {
        assertThat(storage().getState(key(1))).isNull();
        assertThat(storage().getData(key(1))).isEmpty();
        assertThat(storage().getValue(key(1), "x")).isNull();
        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);

        try (var keys = storage().listKeys("*")) {
            assertThat(keys).isEmpty();
        }
        assertThat(storage().load(key(1)).version()).isZero();
    }

    @Test
    default void setStateKeepsDataAndGetStateReadsIt() {
        storage().setData(key(1), Map.of("a", 1));
        storage().setState(key(1), "Form:NAME");

        assertThat(storage().getState(key(1))).isEqualTo("Form:NAME");
        assertThat(storage().getData(key(1))).isEqualTo(Map.of("a", 1));
        assertThat(storage().load(key(1)).version()).isEqualTo(2);
    }

    @Test
    default void setStateToNullOnMissingKeyCreatesNothing() {
        storage().setState(key(1), null);

        assertThat(storage().load(key(1)).exists()).isFalse();
    }

    @Test
    default void setDataReplacesDataAndKeepsState() {
        storage().setState(key(1), "s");
        storage().setData(key(1), Map.of("a", 1, "b", 2));
        storage().setData(key(1), Map.of("c", 3));

        assertThat(storage().getData(key(1))).isEqualTo(Map.of("c", 3));
        assertThat(storage().getState(key(1))).isEqualTo("s");
    }

    @Test
    default void updateDataMergesAndReturnsTheMergedData() {
        storage().setState(key(1), "s");
        storage().setData(key(1), Map.of("a", 1, "b", 2));
        Map<String, Object> patch = new HashMap<>();
        patch.put("b", "two");
        patch.put("c", null);

        Map<String, Object> merged = storage().updateData(key(1), patch);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1);
        expected.put("b", "two");
        expected.put("c", null);
        assertThat(merged).isEqualTo(expected);
        assertThat(storage().getData(key(1))).isEqualTo(expected);
        assertThat(storage().getState(key(1))).isEqualTo("s");
    }

    @Test
    default void updateDataOnMissingKeyCreatesTheRecord() {
        assertThat(storage().updateData(key(1), Map.of("a", List.of(1)))).isEqualTo(Map.of("a", List.of(1)));

        assertThat(storage().load(key(1))).extracting(FsmRecord::state, FsmRecord::version).containsExactly(null, 1L);
    }

    @Test
    default void getValueReadsOneEntry() {
        storage().setData(key(1), Map.of("a", Map.of("b", "c")));

        assertThat(storage().getValue(key(1), "a")).isEqualTo(Map.of("b", "c"));
        assertThat(storage().getValue(key(1), "missing")).isNull();
    }

    @Test
    default void compareAndSetSetsOnlyWhenStateMatches() {
        assertThat(storage().compareAndSet(key(1), null, "A", null)).as("no record counts as no state").isTrue();
        assertThat(storage().compareAndSet(key(1), "B", "C", null)).isFalse();
        assertThat(storage().getState(key(1))).isEqualTo("A");
        assertThat(storage().compareAndSet(key(1), null, "C", null)).isFalse();

        assertThat(storage().compareAndSet(key(1), "A", "B", null)).isTrue();
        assertThat(storage().getState(key(1))).isEqualTo("B");
        assertThat(storage().compareAndSet(key(1), "B", null, null)).isTrue();
        assertThat(storage().getState(key(1))).isNull();
    }

    @Test
    default void compareAndSetKeepsData() {
        storage().setData(key(1), Map.of("a", 1));

        assertThat(storage().compareAndSet(key(1), null, "A", null)).isTrue();

        assertThat(storage().getData(key(1))).isEqualTo(Map.of("a", 1));
    }

    @Test
    default void compareAndSetAppliesItsTtl() {
        assertThat(storage().compareAndSet(key(1), null, "A", Duration.ofSeconds(10))).isTrue();

        clock().advance(Duration.ofSeconds(9));
        assertThat(storage().getState(key(1))).isEqualTo("A");
        clock().advance(Duration.ofSeconds(2));
        assertThat(storage().getState(key(1))).isNull();
        assertThat(storage().compareAndSet(key(1), null, "B", null)).as("an expired record has no state").isTrue();
    }

    @Test
    default void failedCompareAndSetWritesNothing() {
        storage().setState(key(1), "A");

        assertThat(storage().compareAndSet(key(1), "X", "B", null)).isFalse();

        assertThat(storage().load(key(1)).version()).isEqualTo(1);
    }

    @Test
    default void deleteRemovesRecordAndReportsWhetherItExisted() {
        storage().setState(key(1), "A");

        assertThat(storage().delete(key(1))).isTrue();
        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().delete(key(1))).isFalse();
        assertThat(storage().delete(key(2))).isFalse();
        assertThat(storage().load(key(2)).exists()).isFalse();
    }

    @Test
    default void deleteTouchesOnlyItsDestiny() {
        storage().setState(key(1), "A");
        storage().setState(key(1).withDestiny("other"), "B");

        storage().delete(key(1));

        assertThat(storage().getState(key(1).withDestiny("other"))).isEqualTo("B");
    }

    @Test
    default void changeReturnsStoredRecordAndDeletesOnNull() {
        FsmRecord stored = storage().change(key(1), r -> r.withState("A"), null);
        assertThat(stored).extracting(FsmRecord::state, FsmRecord::version).containsExactly("A", 1L);

        FsmRecord same = storage().change(key(1), r -> r, null);
        assertThat(same.version()).as("returning the same record writes nothing").isEqualTo(1);
        assertThat(storage().load(key(1)).version()).isEqualTo(1);

        assertThat(storage().change(key(1), r -> null, null)).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().change(key(2), r -> null, null)).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().load(key(2)).exists()).isFalse();
    }

    @Test
    default void conveniencesUseTheDefaultTtl() {
        FsmStorage withTtl = freshStorage(settings().withDefaultTtl(Duration.ofSeconds(30)));
        assertThat(withTtl.defaultTtl()).isEqualTo(Duration.ofSeconds(30));
        withTtl.setState(key(1), "A");
        withTtl.updateData(key(2), Map.of("a", 1));
        withTtl.setData(key(3), Map.of("a", 1));

        clock().advance(Duration.ofSeconds(29));
        assertThat(withTtl.getState(key(1))).isEqualTo("A");
        withTtl.setState(key(1), "B");
        clock().advance(Duration.ofSeconds(2));

        assertThat(withTtl.getState(key(1))).as("re-written, so the TTL slid").isEqualTo("B");
        assertThat(withTtl.getData(key(2))).isEmpty();
        assertThat(withTtl.getData(key(3))).isEmpty();
    }

    @Test
    default void defaultTtlComesFromSettings() {
        assertThat(storage().defaultTtl()).isNull();
    }
}
