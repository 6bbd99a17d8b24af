package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * The storage contract on an in-memory H2 database, plus the behaviour with a pool whose
 * connections come in manual-commit mode.
 */
class H2JdbcFsmStorageTests extends JdbcFsmStorageContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.h2(10);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    /**
     * 2,000 per thread: 16,000 contended operations on one hot key, with exact final counts; at 10,000
     * the class took 37 s of the unit tests in a CI run on 2 cores.
     */
    @Override
    protected int operationsPerThread() {
        return 2_000;
    }

    @Test
    void writesAreCommittedEvenWhenThePoolHandsOutManualCommitConnections() {
        String url = "jdbc:h2:mem:" + TestDataSources.uniquePrefix() + ";DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        String prefix = TestDataSources.uniquePrefix();
        StorageKey key = StorageKey.of(1, 2, 3);
        try (HikariDataSource manual = new HikariDataSource(config);
                HikariDataSource reader = TestDataSources.pool(url, 1)) {
            new JdbcSchemaInitializer(manual, prefix, null).initialize();
            JdbcFsmStorage storage = new JdbcFsmStorage(manual, prefix, null, StorageConfig.ofDefaults());
            storage.setState(key, "A");
            storage.increment("c", 5, null);
            Lease lease = Lease.random(Duration.ofMinutes(1));
            storage.lockAndLoad(key, lease, List.of(key));
            storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key.withDestiny("other"),
                    dev.tgfsm.storage.FsmRecord.of("B", Map.of()), 0, null)), key, lease));

            JdbcFsmStorage other = new JdbcFsmStorage(reader, prefix, null, StorageConfig.ofDefaults());
            assertThat(other.getState(key)).isEqualTo("A");
            assertThat(other.getState(key.withDestiny("other"))).isEqualTo("B");
            assertThat(other.increment("c", 0, null)).isEqualTo(5);
            assertThat(other.lockAndLoad(key, Lease.random(Duration.ofMinutes(1)), List.of()).acquired()).isTrue();
        }
    }
}
