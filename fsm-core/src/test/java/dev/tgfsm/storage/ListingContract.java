package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.key.Glob;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;

/**
 * Contract of {@code listKeys}, {@code clearNamespace}, {@code health}, the lifecycle and corrupt
 * records.
 */
public interface ListingContract extends StorageContract {

    private List<StorageKey> list(String pattern) {
        try (Stream<StorageKey> keys = storage().listKeys(pattern)) {
            return keys.collect(Collectors.toList());
        }
    }

    @Test
    default void listKeysMatchesCanonicalFormWithGlobs() {
        for (long chat = 100; chat < 112; chat++) {
            storage().setState(key(chat), "s");
        }
        storage().setState(StorageKey.of(10, 100, 7), "other bot");
        storage().setState(key(100).withDestiny("scenes_history"), "h");

        assertThat(list("*")).hasSize(14).doesNotHaveDuplicates();
        assertThat(list("{1:*")).hasSize(13);
        assertThat(list("{1:*}:default")).hasSize(12);
        assertThat(list("{1:10?:7}:default")).hasSize(10);
        assertThat(list("{1:10[0-2]:7}:default")).containsExactlyInAnyOrder(key(100), key(101), key(102));
        assertThat(list("{1:1[01][^0-8]:7}:default")).containsExactly(key(109));
        assertThat(list("{1:100:7}:*")).containsExactlyInAnyOrder(key(100), key(100).withDestiny("scenes_history"));
        assertThat(list("*:scenes_history")).containsExactly(key(100).withDestiny("scenes_history"));
        assertThat(list("{10:*")).containsExactly(StorageKey.of(10, 100, 7));
        assertThat(list("nothing*")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a*b", "a?b", "a[b]c", "x:y", "{braces}", "100%", "back\\slash", "spa ce", "ключ"})
    default void listKeysMatchesDestiniesWithSpecialCharactersExactly(String destiny) {
        StorageKey special = key(1).withDestiny(destiny);
        storage().setState(special, "s");
        storage().setState(key(1).withDestiny("axb"), "s");
        storage().setState(key(1).withDestiny("a[b]cc"), "s");
        storage().setState(key(1), "s");

        String pattern = "{1:1:7}:" + Glob.quote(KeyRenderer.escape(destiny));

        assertThat(list(pattern)).containsExactly(special);
        assertThat(storage().getState(special)).isEqualTo("s");
    }

    @Test
    default void listKeysMatchesBusinessConnectionIdsWithSpecialCharactersExactly() {
        String business = "biz:{x}%*?[1]";
        StorageKey special = new StorageKey(BOT, 5, 7, 3L, business, "default");
        StorageKey similar = new StorageKey(BOT, 5, 7, 3L, "biz:{x}%ab[1]", "default");
        storage().setState(special, "s");
        storage().setState(similar, "s");
        storage().setState(new StorageKey(BOT, 5, 7, null, business, "default"), "s");

        String pattern = "{1:5:7:t3:b" + Glob.quote(KeyRenderer.escape(business)) + "}:*";

        assertThat(list(pattern)).containsExactly(special);
        assertThat(list("{1:5:7:b*")).hasSize(1);
    }

    @Test
    default void listKeysIsLazyAndCanBeClosedEarly() {
        int count = 2_500;
        for (int i = 0; i < count; i++) {
            storage().save(WriteBatch.of(RecordWrite.put(key(i), record("s", Map.of()), 0, null)));
        }

        try (Stream<StorageKey> keys = storage().listKeys("{1:*}:default")) {
            assertThat(keys.limit(10).count()).isEqualTo(10);
        }
        List<StorageKey> all = list("*");
        assertThat(all).hasSize(count).doesNotHaveDuplicates();
    }

    @Test
    default void clearNamespaceRemovesRecordsCountersAndLocks() {
        storage().setState(key(1), "a");
        storage().setState(key(2), "b");
        storage().save(WriteBatch.of(RecordWrite.put(key(3), record("c", Map.of()), 0, Duration.ofSeconds(5))));
        clock().advance(Duration.ofSeconds(6));
        counters().increment("c", 5, null);
        Lease held = Lease.random(Duration.ofMinutes(5));
        assertThat(storage().lockAndLoad(key(1), held, List.of()).acquired()).isTrue();

        assertThat(storage().clearNamespace()).as("live records, plus possibly the expired one not yet swept")
                .isBetween(2L, 3L);

        assertThat(list("*")).isEmpty();
        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
        assertThat(counters().increment("c", 1, null)).isEqualTo(1);
        assertThat(storage().lockAndLoad(key(1), Lease.random(Duration.ofMinutes(1)), List.of()).acquired()).isTrue();
        assertThat(storage().clearNamespace()).isZero();
    }

    @Test
    default void clearNamespaceLeavesOtherNamespacesAlone() {
        FsmStorage other = storageInOtherNamespace();
        assumeTrue(other != null, "the backend has no other namespace on a shared server");
        other.setState(key(1), "other");
        counters(other).increment("c", 5, null);
        Lease held = Lease.random(Duration.ofMinutes(5));
        other.lockAndLoad(key(1), held, List.of());
        storage().setState(key(1), "mine");

        storage().clearNamespace();

        assertThat(other.getState(key(1))).isEqualTo("other");
        assertThat(counters(other).increment("c", 1, null)).isEqualTo(6);
        assertThat(other.lockAndLoad(key(1), Lease.random(Duration.ofMinutes(1)), List.of()).acquired()).isFalse();
        assertThat(storage().getState(key(1))).isNull();
    }

    @Test
    default void healthIsUp() {
        StorageHealth health = storage().health();

        assertThat(health.up()).isTrue();
        assertThat(health.backend()).isNotBlank();
        assertThat(health.latency()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    default void startAndStopAreIdempotent() {
        storage().start();
        storage().start();
        storage().setState(key(1), "A");
        assertThat(storage().getState(key(1))).isEqualTo("A");
        storage().stop();
        storage().stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid-json", "missing-field", "wrong-type"})
    default void corruptRecordThrowsNamingTheKeyAndIsLeftUntouched(String kind) {
        StorageKey key = key(1);
        assumeTrue(corrupt(key, kind), "the backend cannot hold a corrupt record of kind " + kind);
        String canonical = new KeyRenderer("").canonical(key);

        assertThatThrownBy(() -> storage().load(key)).isInstanceOf(CorruptRecordException.class)
                .satisfies(ex -> assertThat(((CorruptRecordException) ex).key()).contains(canonical));
        assertThatThrownBy(() -> storage().updateData(key, Map.of("a", 1))).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> storage().setState(key, "A")).isInstanceOf(CorruptRecordException.class);

        assertThatThrownBy(() -> storage().load(key)).as("still there, unchanged")
                .isInstanceOf(CorruptRecordException.class);
        assertThat(storage().load(key(2))).as("other records still load").isEqualTo(FsmRecord.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid-json", "missing-field", "wrong-type"})
    default void purgeRemovesARecordThatCannotBeDecodedAndNothingElse(String kind) {
        StorageKey key = key(1);
        storage().setState(key(2), "B");
        assumeTrue(corrupt(key, kind), "the backend cannot hold a corrupt record of kind " + kind);

        assertThat(storage().purge(List.of(key, key.withDestiny("never-written")))).isEqualTo(1);

        assertThat(storage().load(key)).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().getState(key(2))).isEqualTo("B");
        storage().setState(key, "A");
        assertThat(storage().getState(key)).as("the key is usable again").isEqualTo("A");
    }

    @Test
    default void purgeRemovesEveryGivenRecordOfAConversation() {
        StorageKey main = key(1);
        StorageKey history = main.withDestiny("history");
        storage().setState(main, "A");
        storage().setData(history, Map.of("h", 1));

        assertThat(storage().purge(List.of(main, history))).isEqualTo(2);
        assertThat(storage().purge(List.of(main))).isZero();
        assertThat(storage().purge(List.of())).isZero();

        assertThat(storage().load(main)).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().load(history)).isEqualTo(FsmRecord.EMPTY);
    }
}
