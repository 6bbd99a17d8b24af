package dev.tgfsm.album;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * What albums cost in storage calls, counted (each is one round trip on Redis): a part is a normal
 * update (lock and load, commit), the first part of an album one call more (its take-over entry in
 * the deadline index), and the album's run one read to look, a normal update, and one call to
 * remove the entry.
 */
class AlbumStorageCostTests {

    private static final StorageKey KEY = StorageKey.of(7, 42, 42);

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final LeaseKeeper leases = new LeaseKeeper();

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults().withLock(Duration.ofSeconds(5), Duration.ofSeconds(15)), leases);

    /** A quiet time far beyond the test, so the collector's own timers never look meanwhile. */
    private final AlbumCollector collector = new AlbumCollector(contexts,
            AlbumConfig.ofDefaults().withQuietTime(Duration.ofHours(1)), clock);

    private final BlockingQueue<Album> handled = new LinkedBlockingQueue<>();

    private final UpdateDispatcher dispatcher = new UpdateDispatcher(7, KeyStrategy.USER_IN_CHAT, contexts,
            UpdatePipeline.builder().albums(collector::handle).handler(u -> handled.add(Album.of(u))).build(),
            DispatcherConfig.ofDefaults(), null);

    @AfterEach
    void tearDown() {
        collector.close();
        dispatcher.close();
        leases.close();
    }

    @Test
    void partsCostAnUpdateEachAndTheFirstOneCallMore() throws Exception {
        collector.attach(dispatcher);
        Updates updates = new Updates(clock);
        storage.reset();
        dispatcher.submit(updates.albumPhoto(42, "g", "f1", null)).get(10, TimeUnit.SECONDS);
        assertThat(calls())
                .containsExactlyInAnyOrderEntriesOf(Map.of("lockAndLoad", 1L, "save", 1L, "scheduleDeadline", 1L));

        storage.reset();
        dispatcher.submit(updates.albumPhoto(42, "g", "f2", null)).get(10, TimeUnit.SECONDS);
        assertThat(calls()).containsExactlyInAnyOrderEntriesOf(Map.of("lockAndLoad", 1L, "save", 1L));

        clock.advance(Duration.ofHours(2));
        storage.reset();
        assertThat(collector.runDue(KEY)).isTrue();
        assertThat(handled.poll(10, TimeUnit.SECONDS).size()).isEqualTo(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (storage.count("cancelDeadline") == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(calls()).containsExactlyInAnyOrderEntriesOf(
                Map.of("load", 1L, "lockAndLoad", 1L, "save", 1L, "cancelDeadline", 1L));
    }

    private Map<String, Long> calls() {
        return storage.snapshot();
    }
}
