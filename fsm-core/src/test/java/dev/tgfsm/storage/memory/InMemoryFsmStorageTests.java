package dev.tgfsm.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.FsmStorageContractTests;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockTurnContract;
import dev.tgfsm.storage.RecordMap;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Runs the storage contract against {@link InMemoryFsmStorage}, plus memory-specific tests: the
 * sweeper, the absence of idle lock objects, deep immutability and the size estimate.
 */
class InMemoryFsmStorageTests extends FsmStorageContractTests implements LockTurnContract {

    @Override
    protected FsmStorage createStorage(StorageConfig settings) {
        return new InMemoryFsmStorage(settings);
    }

    private InMemoryFsmStorage memory() {
        return (InMemoryFsmStorage) storage();
    }

    @Test
    void constructorRejectsMissingSettings() {
        assertThatThrownBy(() -> new InMemoryFsmStorage(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("settings");
        assertThatThrownBy(() -> new InMemoryFsmStorage(settings(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweepInterval");
    }

    @Test
    void sweepExpiredFreesExpiredRecordsCountersAndLapsedLocks() {
        storage().save(WriteBatch.of(RecordWrite.put(key(1), record("a", Map.of()), 0, Duration.ofSeconds(5))));
        storage().save(WriteBatch.of(RecordWrite.put(key(2), record("b", Map.of()), 0, null)));
        memory().increment("window", 1, Duration.ofSeconds(5));
        storage().lockAndLoad(key(3), Lease.random(Duration.ofSeconds(5)), List.of());
        assertThat(memory().recordCount()).isEqualTo(2);
        assertThat(memory().counterCount()).isEqualTo(1);
        assertThat(memory().lockCount()).isEqualTo(1);

        assertThat(memory().sweepExpired()).as("nothing has expired yet").isZero();
        clock().advance(Duration.ofSeconds(6));

        assertThat(memory().sweepExpired()).isEqualTo(3);
        assertThat(memory().recordCount()).isEqualTo(1);
        assertThat(memory().counterCount()).isZero();
        assertThat(memory().lockCount()).isZero();
        assertThat(storage().getState(key(2))).isEqualTo("b");
    }

    @Test
    void releasedLocksLeaveNothingBehind() {
        for (int chat = 0; chat < 100; chat++) {
            Lease lease = Lease.random(Duration.ofSeconds(30));
            storage().lockAndLoad(key(chat), lease, List.of(key(chat)));
            if (chat % 2 == 0) {
                storage().unlock(key(chat), lease);
            }
            else {
                storage().save(WriteBatch.releasing(List.of(), key(chat), lease));
            }
        }

        assertThat(memory().lockCount()).isZero();
        assertThat(memory().recordCount()).isZero();
    }

    @Test
    void readsAndFailedWritesCreateNoEntries() {
        storage().load(key(1));
        storage().getState(key(1));
        storage().getValue(key(1), "x");
        storage().compareAndSet(key(1), "wrong", "A", null);
        storage().delete(key(1));
        storage().renewLock(key(1), Lease.random(Duration.ofSeconds(1)));
        storage().unlock(key(1), Lease.random(Duration.ofSeconds(1)));

        assertThat(memory().recordCount()).isZero();
        assertThat(memory().lockCount()).isZero();
        assertThat(memory().counterCount()).isZero();
    }

    @Test
    void backgroundSweeperFreesExpiredEntries() throws InterruptedException {
        InMemoryFsmStorage swept = new InMemoryFsmStorage(settings(), Duration.ofMillis(5));
        swept.save(WriteBatch.of(RecordWrite.put(key(1), record("a", Map.of()), 0, Duration.ofSeconds(5))));
        swept.increment("c", 1, Duration.ofSeconds(5));
        swept.lockAndLoad(key(2), Lease.random(Duration.ofSeconds(5)), List.of());
        swept.start();
        try {
            clock().advance(Duration.ofSeconds(6));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (swept.recordCount() + swept.counterCount() + swept.lockCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(swept.recordCount()).isZero();
            assertThat(swept.counterCount()).isZero();
            assertThat(swept.lockCount()).isZero();
        }
        finally {
            swept.stop();
        }
    }

    @Test
    void storedDataIsDeeplyUnmodifiable() {
        storage().setData(key(1), Map.of("list", List.of(Map.of("a", 1)), "map", Map.of("b", List.of(2))));
        Map<String, Object> data = storage().getData(key(1));

        assertThatThrownBy(() -> data.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) data.get("list");
        assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) list.get(0);
        assertThatThrownBy(() -> nested.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void valuesAreNormalisedAsJsonWouldLeaveThem() {
        storage().setData(key(1), Map.of("date", LocalDate.of(2026, 1, 2), "short", (short) 3, "float", 1.5f,
                "bigSmall", BigInteger.TEN, "array", new Object[]{1L, "x"}));

        Map<String, Object> data = storage().getData(key(1));

        assertThat(data).containsEntry("date", "2026-01-02").containsEntry("short", 3).containsEntry("float", 1.5)
                .containsEntry("bigSmall", 10).containsEntry("array", List.of(1, "x"));
    }

    @Test
    void nonStringMapKeysAreRejectedAndNothingIsWritten() {
        storage().setState(key(1), "A");

        assertThatThrownBy(() -> storage().setData(key(1), Map.of("m", Map.of(1, "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys must be strings");
        assertThat(storage().load(key(1)).version()).isEqualTo(1);
    }

    @Test
    void sizeEstimateMatchesEncodedSizeForPlainText() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "Анна 👋");
        data.put("n", -12345);
        data.put("big", Long.MAX_VALUE);
        data.put("ok", true);
        data.put("no", false);
        data.put("none", null);
        data.put("list", List.of(1, 2.5, "x", List.of(), Map.of()));
        data.put("map", Map.of("k", "v"));
        String encoded = new JacksonFsmCodec().encode(data);

        assertThat(FrozenJson.estimateSize(data)).isEqualTo(encoded.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void sizeBoundIsNeverBelowTheEstimate() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "Анна 👋");
        data.put("n", Integer.MIN_VALUE);
        data.put("big", Long.MIN_VALUE);
        data.put("d", -Double.MAX_VALUE);
        data.put("ok", true);
        data.put("no", false);
        data.put("none", null);
        data.put("list", List.of(1, -2.2250738585072014E-308, "東京", List.of(), Map.of()));
        data.put("map", Map.of("k", "v"));

        assertThat(FrozenJson.sizeBound(data)).isGreaterThanOrEqualTo(FrozenJson.estimateSize(data));
        Map<String, Object> flat = RecordMap.copyOf(Map.of("name", "Анна 👋", "n", 1, "d", -Double.MAX_VALUE));
        assertThat(FrozenJson.sizeBound(flat)).isGreaterThanOrEqualTo(FrozenJson.estimateSize(flat));
    }

    @Test
    void aRecordOfFlatScalarsIsStoredWithoutACopyAndStaysUnchangeable() {
        Map<String, Object> data = RecordMap.copyOf(Map.of("name", "Ann", "step", 1));
        storage().save(
                WriteBatch.of(RecordWrite.put(key(1), new FsmRecord("a", data, Map.of(), 0, null, null), 0, null)));

        Map<String, Object> stored = storage().load(key(1)).data();
        assertThat(stored).isSameAs(data);
        assertThatThrownBy(() -> stored.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nestedValuesOfARecordMapAreStillCopiedDeeply() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> data = RecordMap.copyOf(Map.of("tags", tags, "count", 1L));
        storage().save(
                WriteBatch.of(RecordWrite.put(key(1), new FsmRecord("a", data, Map.of(), 0, null, null), 0, null)));

        tags.add("b");

        Map<String, Object> stored = storage().load(key(1)).data();
        assertThat(stored).isNotSameAs(data).containsEntry("tags", List.of("a")).containsEntry("count", 1);
        assertThat(stored.get("count")).as("normalised as JSON leaves it").isInstanceOf(Integer.class);
    }
}
