package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageBusyException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.WriteBatch;

/**
 * What an operator's time limits on a real PostgreSQL make of a write that waits on a row another
 * connection holds ({@code SELECT ... FOR UPDATE}): with {@code lock_timeout} each attempt is
 * refused ({@code 55P03}) and retried like a deadlock, then given up as the retryable
 * {@link StorageBusyException}; with {@code statement_timeout} the statement is cancelled
 * ({@code 57014}), which is the store not answering in time: {@link StorageUnavailableException},
 * which the dispatcher waits out. Both write nothing; before, both were a plain failure, which the
 * webhook answered 200 (the update lost).
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresContentionIT {

    private final String prefix = TestDataSources.uniquePrefix();

    private final StorageKey key = StorageKey.of(6, 88, 88);

    private HikariDataSource direct;

    @BeforeEach
    void setUp() {
        direct = TestDataSources.postgres(2);
        new JdbcSchemaInitializer(direct, prefix, null).initialize();
        storage(direct).save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("a", Map.of("n", 1)), 0, null)));
    }

    @AfterEach
    void tearDown() {
        new JdbcSchemaInitializer(direct, prefix, null).drop();
        direct.close();
    }

    @Test
    void aWriteRefusedByLockTimeoutAgainAndAgainGivesUpBusyAndWritesNothing() throws Exception {
        assertThat(saveWhileTheRowIsHeld("lock_timeout")).isInstanceOf(StorageBusyException.class)
                .hasMessageContaining("after 100 attempts");
        assertUnchanged();
    }

    @Test
    void aWriteCancelledByStatementTimeoutIsTheStoreNotAnsweringInTime() throws Exception {
        assertThat(saveWhileTheRowIsHeld("statement_timeout")).isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("did not answer in time");
        assertUnchanged();
    }

    /**
     * Writes the record through a pool whose sessions have the PostgreSQL time limit at 20 ms while
     * another connection holds its row.
     *
     * @return what the write threw
     */
    private Throwable saveWhileTheRowIsHeld(String setting) throws Exception {
        try (HikariDataSource limited = TestDataSources
                .pool(TestServer.POSTGRES.url() + "&options=-c%20" + setting + "%3D20", 2);
                Connection holder = TestDataSources.holdRecordRows(direct, prefix)) {
            return catchThrowable(() -> storage(limited)
                    .save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("b", Map.of("n", 2)), 1, null))));
        }
    }

    private void assertUnchanged() {
        FsmRecord stored = storage(direct).load(key);
        assertThat(stored.state()).isEqualTo("a");
        assertThat(stored.version()).isEqualTo(1);
    }

    private JdbcFsmStorage storage(HikariDataSource pool) {
        return new JdbcFsmStorage(pool, prefix, JdbcDialect.POSTGRESQL, StorageConfig.ofDefaults());
    }
}
