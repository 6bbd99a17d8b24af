package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageBusyException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * Contention that outlasts the backend's own retries, on a real H2 database whose row-lock wait is
 * 10 ms: another connection holds the conversation's record row ({@code SELECT ... FOR UPDATE}), so
 * every attempt of a commit times out on it. The storage gives up with the typed, retryable
 * {@link StorageBusyException} (nothing written), and the dispatcher runs the update again after a
 * back-off until the row is free: the update is applied, and its future (the webhook's 200, the
 * polling offset) completes only then. Before, the give-up was a plain failure, which the webhook
 * answered 200 and the update was lost.
 */
class H2ContentionTests {

    private static final long BOT = 5;

    private static final long USER = 77;

    private final MutableClock clock = MutableClock.now();

    private final Updates updates = new Updates(clock);

    private HikariDataSource pool;

    private JdbcFsmStorage storage;

    @BeforeEach
    void setUp() {
        pool = TestDataSources.pool(
                "jdbc:h2:mem:" + TestDataSources.uniquePrefix() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10",
                4);
        new JdbcSchemaInitializer(pool, JdbcFsmStorage.DEFAULT_TABLE_PREFIX, null).initialize();
        storage = new JdbcFsmStorage(pool, StorageConfig.ofDefaults().withClock(clock));
    }

    @AfterEach
    void tearDown() {
        storage.stop();
        pool.close();
    }

    @Test
    void aCommitThatKeepsLosingRowLockWaitsGivesUpTypedAndWritesNothing() throws Exception {
        StorageKey key = StorageKey.of(BOT, USER, USER);
        storage.save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("a", Map.of("n", 1)), 0, null)));

        try (Connection blocker = TestDataSources.holdRecordRows(pool, JdbcFsmStorage.DEFAULT_TABLE_PREFIX)) {
            assertThatThrownBy(() -> storage
                    .save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("b", Map.of("n", 2)), 1, null))))
                    .isInstanceOf(StorageBusyException.class)
                    .hasMessageContaining("Gave up saving records after 100 attempts")
                    .hasMessageContaining("nothing was written");
            blocker.rollback();
        }

        FsmRecord stored = storage.load(key);
        assertThat(stored.state()).isEqualTo("a");
        assertThat(stored.version()).isEqualTo(1);
    }

    @Test
    void anUpdateWhoseCommitTheStoreKeepsRefusingIsRetriedUntilItCommitsNotDropped() throws Exception {
        AtomicInteger givenUp = new AtomicInteger();
        ForwardingFsmStorage watched = new ForwardingFsmStorage(storage) {
            @Override
            public void save(WriteBatch batch) {
                try {
                    super.save(batch);
                }
                catch (StorageBusyException ex) {
                    givenUp.incrementAndGet();
                    throw ex;
                }
            }
        };
        FsmContexts contexts = FsmTransactions.contexts(watched, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        StorageKey key = StorageKey.of(BOT, USER, USER);
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                u -> u.context().setState("step:" + u.update().getMessage().getText()), DispatcherConfig.ofDefaults(),
                null)) {
            dispatcher.submit(updates.text(USER, "1")).get(30, TimeUnit.SECONDS);

            CompletableFuture<Void> second;
            try (Connection blocker = TestDataSources.holdRecordRows(pool, JdbcFsmStorage.DEFAULT_TABLE_PREFIX)) {
                second = dispatcher.submit(updates.text(USER, "2"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (givenUp.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(givenUp).as("the storage gave up the commit at least once").hasPositiveValue();
                assertThat(second).as("not done while the row stays locked").isNotDone();
                blocker.rollback();
            }

            second.get(30, TimeUnit.SECONDS);
        }
        assertThat(storage.getState(key)).isEqualTo("step:2");
    }
}
