package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Tests for {@link MeteredFsmStorage}.
 */
class MeteredFsmStorageTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MeteredFsmStorage storage = new MeteredFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults()), registry);

    private final StorageKey key = StorageKey.of(1, 2, 3);

    @Test
    void conflictingSaveIsCountedAndTaggedAsConflict() {
        storage.setState(key, "A");
        RecordWrite stale = RecordWrite.put(key, FsmRecord.of("B", java.util.Map.of()), 0, null);
        assertThatExceptionOfType(FsmConflictException.class).isThrownBy(() -> storage.save(WriteBatch.of(stale)));
        assertThat(registry.get(MeteredFsmStorage.CONFLICTS).counter().count()).isEqualTo(1);
        assertThat(registry.get(MeteredFsmStorage.CALLS).tag("operation", "save").tag("outcome", "conflict").timer()
                .count()).isEqualTo(1);
        assertThat(storage.getState(key)).isEqualTo("A");
    }

    @Test
    void busyLockIsCountedAsALockWait() {
        Lease first = Lease.random(Duration.ofSeconds(30));
        assertThat(storage.lockAndLoad(key, first, List.of(key)).acquired()).isTrue();
        assertThat(storage.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired()).isFalse();
        assertThat(registry.get(MeteredFsmStorage.LOCK_BUSY).counter().count()).isEqualTo(1);
        assertThat(storage.unlock(key, first)).isTrue();
    }

    @Test
    void conveniencesAreForwardedAndTimed() {
        storage.updateData(key, java.util.Map.of("a", 1));
        assertThat(storage.getData(key)).containsEntry("a", 1);
        assertThat(registry.get(MeteredFsmStorage.CALLS).tag("operation", "updateData").timer().count()).isEqualTo(1);
        assertThat(storage.health().up()).isTrue();
    }
}
