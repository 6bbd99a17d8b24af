package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.preferences.PreferencesMove;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The move of old preferences, run at start, is tried again while the storage cannot be reached
 * (Redis not up yet), and ends when the application stops.
 */
class PreferencesMoveLifecycleTests {

    @Test
    void aMoveThatFindsTheStorageDownIsTriedAgainUntilItRuns() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        ForwardingFsmStorage downTwice = new ForwardingFsmStorage(memory) {
            @Override
            public FsmRecord load(StorageKey key) {
                if (reads.incrementAndGet() <= 2) {
                    throw new StorageUnavailableException("down", null);
                }
                return super.load(key);
            }
        };
        PreferencesMoveLifecycle lifecycle = new PreferencesMoveLifecycle(new PreferencesMove(
                FsmTransactions.contexts(downTwice, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null), 10));

        lifecycle.start();
        MigrationReport report = lifecycle.done().get(30, TimeUnit.SECONDS);
        lifecycle.stop();

        assertThat(report).isNotNull();
        assertThat(reads.get()).as("two failed tries, then the run").isGreaterThan(2);
    }

    @Test
    void stoppingEndsTheRetries() throws Exception {
        ForwardingFsmStorage down = new ForwardingFsmStorage(new InMemoryFsmStorage(StorageConfig.ofDefaults())) {
            @Override
            public FsmRecord load(StorageKey key) {
                throw new StorageUnavailableException("down", null);
            }
        };
        PreferencesMoveLifecycle lifecycle = new PreferencesMoveLifecycle(new PreferencesMove(
                FsmTransactions.contexts(down, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null), 10));

        lifecycle.start();
        lifecycle.stop();

        assertThat(lifecycle.done()).failsWithin(30, TimeUnit.SECONDS);
    }
}
