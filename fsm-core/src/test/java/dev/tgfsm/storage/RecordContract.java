package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;

/**
 * Contract of whole-record loads and compare-and-set batch writes: round trips, versions,
 * timestamps, conflicts, atomic batches, aliasing and the size guard.
 */
public interface RecordContract extends StorageContract {

    @Test
    default void loadWhenKeyMissingReturnsEmptyRecord() {
        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().loadAll(List.of(key(1), key(1).withDestiny("x"))))
                .containsExactly(Map.entry(key(1), FsmRecord.EMPTY),
                        Map.entry(key(1).withDestiny("x"), FsmRecord.EMPTY));
        try (var keys = storage().listKeys("*")) {
            assertThat(keys).isEmpty();
        }
    }

    @Test
    default void loadAllWithNoKeysReturnsEmptyMap() {
        assertThat(storage().loadAll(List.of())).isEmpty();
    }

    @Test
    default void saveThenLoadRoundTripsStateDataAndMeta() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, "two", List.of(3), Map.of("four", 4)));
        nested.put("flag", true);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "Ann");
        data.put("nested", nested);
        data.put("empty", Map.of());
        data.put("none", null);
        FsmRecord written = new FsmRecord("Form:NAME", data, Map.of("updates", List.of(10, 11)), 0, null, null);

        put(key(1), written, 0);
        FsmRecord read = storage().load(key(1));

        assertThat(read.state()).isEqualTo("Form:NAME");
        assertThat(read.data()).isEqualTo(data);
        assertThat(read.data()).containsEntry("none", null);
        assertThat(read.meta()).isEqualTo(Map.of("updates", List.of(10, 11)));
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.exists()).isTrue();
    }

    @Test
    default void saveKeepsNullStateAndListsWithNulls() {
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add("x");
        put(key(1), record(null, Map.of("list", withNull)), 0);

        FsmRecord read = storage().load(key(1));
        assertThat(read.state()).isNull();
        assertThat(read.data().get("list")).isEqualTo(withNull);
    }

    @Test
    default void saveRoundTripsUnicode() {
        String text = "Привет 👋 日本語 \"quoted\" \\ \n tab\t";
        put(key(1), record("Состояние:ШАГ_1 👋", Map.of("ключ 🔑", text)), 0);

        FsmRecord read = storage().load(key(1));
        assertThat(read.state()).isEqualTo("Состояние:ШАГ_1 👋");
        assertThat(read.data()).containsEntry("ключ 🔑", text);
    }

    @Test
    default void saveKeepsNumbersExactly() {
        long beyondDouble = (1L << 53) + 1;
        BigInteger beyondLong = new BigInteger("1180591620717411303424");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("int", 42);
        data.put("negative", -7);
        data.put("long", beyondDouble);
        data.put("maxLong", Long.MAX_VALUE);
        data.put("big", beyondLong);
        data.put("double", 0.1);
        data.put("smallLong", 5L);
        put(key(1), record(null, data), 0);

        Map<String, Object> read = storage().load(key(1)).data();
        assertThat(read.get("int")).isEqualTo(42);
        assertThat(read.get("negative")).isEqualTo(-7);
        assertThat(read.get("long")).isEqualTo(beyondDouble);
        assertThat(read.get("maxLong")).isEqualTo(Long.MAX_VALUE);
        assertThat(read.get("big")).isEqualTo(beyondLong);
        assertThat(read.get("double")).isEqualTo(0.1);
        assertThat(read.get("smallLong")).as("integers come back as the smallest type that fits, as JSON would give")
                .isEqualTo(5);
    }

    @Test
    default void everyWriteBumpsTheVersionByOne() {
        put(key(1), record("a", Map.of()), 0);
        put(key(1), record("b", Map.of()), 1);
        put(key(1), record("c", Map.of()), 2);

        assertThat(storage().load(key(1)).version()).isEqualTo(3);
        assertThat(storage().load(key(1)).state()).isEqualTo("c");
    }

    @Test
    default void saveStampsCreatedAndUpdatedWithTheClock() {
        var created = clock().instant();
        put(key(1), record("a", Map.of()), 0);
        clock().advance(Duration.ofSeconds(5));
        var updated = clock().instant();
        put(key(1), record("b", Map.of()), 1);

        FsmRecord read = storage().load(key(1));
        assertThat(read.createdAt()).isEqualTo(created);
        assertThat(read.updatedAt()).isEqualTo(updated);
    }

    @Test
    default void saveIgnoresVersionAndTimestampsOfTheGivenRecord() {
        var bogus = clock().instant().minusSeconds(3600);
        put(key(1), new FsmRecord("a", Map.of(), Map.of(), 99, bogus, bogus), 0);

        FsmRecord read = storage().load(key(1));
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.createdAt()).isEqualTo(clock().instant());
    }

    @Test
    default void saveWithStaleVersionThrowsConflictAndWritesNothing() {
        put(key(1), record("a", Map.of("n", 1)), 0);

        assertThatThrownBy(() -> put(key(1), record("b", Map.of()), 0)).isInstanceOf(FsmConflictException.class)
                .satisfies(ex -> assertThat(((FsmConflictException) ex).key()).isEqualTo(key(1)));
        assertThatThrownBy(() -> put(key(1), record("b", Map.of()), 2)).isInstanceOf(FsmConflictException.class);
        assertThatThrownBy(() -> put(key(2), record("b", Map.of()), 1)).isInstanceOf(FsmConflictException.class);

        assertThat(storage().load(key(1))).extracting(FsmRecord::state, FsmRecord::version).containsExactly("a", 1L);
        assertThat(storage().load(key(2))).isEqualTo(FsmRecord.EMPTY);
    }

    @Test
    default void multiKeyBatchIsAppliedTogether() {
        StorageKey main = key(1);
        StorageKey history = main.withDestiny("scenes_history");
        storage().save(WriteBatch.of(RecordWrite.put(main, record("s", Map.of("a", 1)), 0, null),
                RecordWrite.put(history, record(null, Map.of("stack", List.of())), 0, null)));

        Map<StorageKey, FsmRecord> read = storage().loadAll(List.of(history, main));
        assertThat(read.keySet()).containsExactly(history, main);
        assertThat(read.get(main).version()).isEqualTo(1);
        assertThat(read.get(history).data()).containsEntry("stack", List.of());
    }

    @Test
    default void multiKeyBatchWithOneConflictWritesNothing() {
        StorageKey main = key(1);
        StorageKey other = main.withDestiny("other");
        put(other, record("o", Map.of()), 0);

        assertThatThrownBy(() -> storage().save(WriteBatch.of(RecordWrite.put(main, record("s", Map.of()), 0, null),
                RecordWrite.put(other, record("changed", Map.of()), 5, null))))
                .isInstanceOf(FsmConflictException.class);

        assertThat(storage().load(main)).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().load(other).state()).isEqualTo("o");
    }

    @Test
    default void deleteInBatchRemovesRecordWhenVersionMatches() {
        put(key(1), record("a", Map.of()), 0);
        assertThatThrownBy(() -> storage().save(WriteBatch.of(RecordWrite.delete(key(1), 7))))
                .isInstanceOf(FsmConflictException.class);
        assertThat(storage().load(key(1)).exists()).isTrue();

        storage().save(WriteBatch.of(RecordWrite.delete(key(1), 1)));

        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
        put(key(1), record("again", Map.of()), 0);
        assertThat(storage().load(key(1)).version()).isEqualTo(1);
    }

    @Test
    default void deleteInBatchOfMissingKeyWithVersionZeroIsNoOp() {
        storage().save(WriteBatch.of(RecordWrite.delete(key(1), 0)));

        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
    }

    @Test
    default void changingMapsPassedInOrReturnedNeverChangesStoredData() {
        List<Object> list = new ArrayList<>(List.of(1, 2));
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        Map<String, Object> data = new HashMap<>(Map.of("list", list, "inner", inner, "n", 1));
        put(key(1), record("a", data), 0);
        list.add(3);
        inner.put("k", "changed");
        data.put("n", 2);

        FsmRecord read = storage().load(key(1));
        tryMutate(read.data(), "list", "inner");
        storage().updateData(key(1), data);
        FsmRecord afterUpdate = storage().load(key(1));
        list.add(4);
        inner.put("k", "changed again");

        assertThat(storage().load(key(1)).data()).isEqualTo(Map.of("list", List.of(1, 2, 3), "inner",
                Map.of("k", "changed"), "n", 2));
        assertThat(afterUpdate.data()).isEqualTo(storage().load(key(1)).data());
    }

    @SuppressWarnings("unchecked")
    private static void tryMutate(Map<String, Object> data, String listName, String mapName) {
        try {
            ((List<Object>) data.get(listName)).add(99);
        }
        catch (UnsupportedOperationException expected) {
            // immutable copies are fine
        }
        try {
            ((Map<String, Object>) data.get(mapName)).put("k", "mutated");
        }
        catch (UnsupportedOperationException expected) {
            // immutable copies are fine
        }
        try {
            data.put("n", 100);
        }
        catch (UnsupportedOperationException expected) {
            // immutable copies are fine
        }
    }

    @Test
    default void saveOverSizeLimitThrowsAndKeepsStoredRecord() {
        put(key(1), record("a", Map.of("small", "x")), 0);
        String blob = "x".repeat(FsmStorageContractTests.MAX_RECORD_BYTES + 1);

        assertThatThrownBy(() -> put(key(1), record("b", Map.of("blob", blob)), 1))
                .isInstanceOf(RecordTooLargeException.class);
        assertThatThrownBy(() -> storage().updateData(key(1), Map.of("blob", blob)))
                .isInstanceOf(RecordTooLargeException.class);
        assertThatThrownBy(() -> storage().setData(key(1), Map.of("nested", Map.of("blob", List.of(blob)))))
                .isInstanceOf(RecordTooLargeException.class);
        assertThatThrownBy(() -> put(key(1), new FsmRecord("b", Map.of(), Map.of("blob", blob), 0, null, null), 1))
                .as("metadata counts too").isInstanceOf(RecordTooLargeException.class);

        FsmRecord read = storage().load(key(1));
        assertThat(read).extracting(FsmRecord::state, FsmRecord::data, FsmRecord::version)
                .containsExactly("a", Map.of("small", "x"), 1L);
    }

    @Test
    default void batchWithOneRecordOverSizeLimitWritesNothing() {
        String blob = "ы".repeat(FsmStorageContractTests.MAX_RECORD_BYTES / 2 + 1);
        assertThatThrownBy(() -> storage().save(WriteBatch.of(RecordWrite.put(key(1), record("a", Map.of()), 0, null),
                RecordWrite.put(key(1).withDestiny("big"), record(null, Map.of("b", blob)), 0, null))))
                .as("multi-byte characters count as their UTF-8 bytes").isInstanceOf(RecordTooLargeException.class);

        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
    }

    @Test
    default void recordJustUnderSizeLimitIsStored() {
        String text = "x".repeat(FsmStorageContractTests.MAX_RECORD_BYTES / 2);
        put(key(1), record("a", Map.of("text", text)), 0);

        assertThat(storage().load(key(1)).data()).containsEntry("text", text);
    }
}
