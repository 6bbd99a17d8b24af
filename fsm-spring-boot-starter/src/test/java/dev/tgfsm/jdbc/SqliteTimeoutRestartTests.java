package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.timeout.IdleTimeoutTracker;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutPolicy;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Idle timeouts survive a restart: deadlines scheduled by one "process" (pool, storage, scheduler)
 * on an SQLite file fire from a new one on the same file, and the new one sends the restart notice.
 */
class SqliteTimeoutRestartTests {

    private static final StorageKey KEY = StorageKey.of(1, 55, 55);

    private final MutableClock clock = MutableClock.now();

    private final TimeoutConfig config = TimeoutConfig.builder().idle(Duration.ofMinutes(30))
            .warningBefore(Duration.ofMinutes(5)).build();

    @Test
    void deadlineScheduledBeforeARestartFiresAfterIt(@TempDir Path directory) {
        RecordingTelegramClient before = new RecordingTelegramClient(1, clock);
        try (HikariDataSource pool = TestDataSources.sqlite(directory, 2)) {
            new JdbcSchemaInitializer(pool, JdbcFsmStorage.DEFAULT_TABLE_PREFIX, null).initialize();
            JdbcFsmStorage storage = new JdbcFsmStorage(pool, StorageConfig.ofDefaults().withClock(clock));
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                    null,
                    OutboxRelay.sendingThrough(before.client(), clock));
            IdleTimeoutTracker tracker = new IdleTimeoutTracker(TimeoutPolicy.of(config), storage, clock);
            FsmTransactions.inTransaction(contexts, KEY, tx -> {
                tx.context().setState("form:name");
                tracker.track(tx, KEY.chatId());
                return null;
            });
            TimeoutScheduler scheduler = new TimeoutScheduler(contexts, config, clock);
            scheduler.start();
            scheduler.stop();
            storage.stop();
        }
        clock.advance(Duration.ofMinutes(26));

        RecordingTelegramClient after = new RecordingTelegramClient(1, clock);
        try (HikariDataSource pool = TestDataSources.sqlite(directory, 2)) {
            JdbcFsmStorage storage = new JdbcFsmStorage(pool, StorageConfig.ofDefaults().withClock(clock));
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                    null,
                    OutboxRelay.sendingThrough(after.client(), clock));
            new RestartNotifier(contexts, clock, Duration.ofHours(1), RestartNotifier.DEFAULT_TEXT)
                    .notifyActive();
            TimeoutScheduler scheduler = new TimeoutScheduler(contexts, config, clock);

            assertThat(scheduler.runDue()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(5));
            assertThat(scheduler.runDue()).isEqualTo(1);
            assertThat(storage.getState(KEY)).isNull();
            storage.stop();
        }
        assertThat(before.texts()).isEmpty();
        assertThat(after.texts()).containsExactly(RestartNotifier.DEFAULT_TEXT,
                "Your session will expire in 4 minutes due to inactivity. Send any message to keep it active.",
                TimeoutConfig.DEFAULT_EXPIRED_TEXT);
    }
}
