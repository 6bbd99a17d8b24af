package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
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
        try (HikariDataSource limited = pool("lock_timeout"); Connection blocker = lockRecords()) {
            assertThatThrownBy(() -> storage(limited)
                    .save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("b", Map.of("n", 2)), 1, null))))
                    .isInstanceOf(StorageBusyException.class).hasMessageContaining("after 100 attempts");
            blocker.rollback();
        }
        assertUnchanged();
    }

    @Test
    void aWriteCancelledByStatementTimeoutIsTheStoreNotAnsweringInTime() throws Exception {
        try (HikariDataSource limited = pool("statement_timeout"); Connection blocker = lockRecords()) {
            assertThatThrownBy(() -> storage(limited)
                    .save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("b", Map.of("n", 2)), 1, null))))
                    .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("did not answer in time");
            blocker.rollback();
        }
        assertUnchanged();
    }

    private void assertUnchanged() {
        FsmRecord stored = storage(direct).load(key);
        assertThat(stored.state()).isEqualTo("a");
        assertThat(stored.version()).isEqualTo(1);
    }

    private JdbcFsmStorage storage(HikariDataSource pool) {
        return new JdbcFsmStorage(pool, prefix, JdbcDialect.POSTGRESQL, StorageConfig.ofDefaults());
    }

    /** A pool whose sessions have the given PostgreSQL time limit at 20 ms. */
    private static HikariDataSource pool(String setting) {
        return TestDataSources.pool(TestServer.POSTGRES.url() + "&options=-c%20" + setting + "%3D20", 2);
    }

    /** A connection in a transaction holding every record row's lock until it ends. */
    private Connection lockRecords() throws Exception {
        Connection connection = direct.getConnection();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.executeQuery("SELECT * FROM " + prefix + "records FOR UPDATE").close();
        }
        return connection;
    }
}
