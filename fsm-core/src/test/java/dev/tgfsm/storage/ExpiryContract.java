package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Contract of time to live of records, judged by the settings' clock.
 */
public interface ExpiryContract extends StorageContract {

    private void putWithTtl(long chat, String state, long expectedVersion, Duration ttl) {
        storage().save(
                WriteBatch.of(RecordWrite.put(key(chat), record(state, Map.of("s", state)), expectedVersion, ttl)));
    }

    @Test
    default void recordIsAbsentOnceItsTtlHasPassed() {
        putWithTtl(1, "A", 0, Duration.ofSeconds(10));

        clock().advance(Duration.ofSeconds(9));
        assertThat(storage().load(key(1)).state()).isEqualTo("A");
        clock().advance(Duration.ofSeconds(2));

        assertThat(storage().load(key(1))).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().loadAll(List.of(key(1)))).containsEntry(key(1), FsmRecord.EMPTY);
        assertThat(storage().getData(key(1))).isEmpty();
        try (var keys = storage().listKeys("*")) {
            assertThat(keys).isEmpty();
        }
    }

    @Test
    default void expiredRecordIsWrittenAnewFromVersionZero() {
        putWithTtl(1, "A", 0, Duration.ofSeconds(10));
        putWithTtl(1, "B", 1, Duration.ofSeconds(10));
        clock().advance(Duration.ofSeconds(11));
        var now = clock().instant();

        assertThatThrownBy(() -> putWithTtl(1, "C", 2, null)).isInstanceOf(FsmConflictException.class);
        putWithTtl(1, "C", 0, null);

        FsmRecord read = storage().load(key(1));
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.createdAt()).isEqualTo(now);
        assertThat(read.data()).isEqualTo(Map.of("s", "C"));
    }

    @Test
    default void rewritingSlidesTheTtl() {
        putWithTtl(1, "A", 0, Duration.ofSeconds(10));
        clock().advance(Duration.ofSeconds(8));
        putWithTtl(1, "B", 1, Duration.ofSeconds(10));

        clock().advance(Duration.ofSeconds(7));
        assertThat(storage().load(key(1)).state()).isEqualTo("B");
        clock().advance(Duration.ofSeconds(4));
        assertThat(storage().load(key(1)).exists()).isFalse();
    }

    @Test
    default void rewritingWithoutTtlRemovesTheExpiry() {
        putWithTtl(1, "A", 0, Duration.ofSeconds(10));
        putWithTtl(1, "B", 1, null);

        clock().advance(Duration.ofDays(400));

        assertThat(storage().load(key(1)).state()).isEqualTo("B");
    }

    @Test
    default void updateDataOnExpiredRecordStartsFromEmpty() {
        putWithTtl(1, "A", 0, Duration.ofSeconds(10));
        clock().advance(Duration.ofSeconds(11));

        assertThat(storage().updateData(key(1), Map.of("x", 1))).isEqualTo(Map.of("x", 1));
        assertThat(storage().getState(key(1))).isNull();
    }
}
