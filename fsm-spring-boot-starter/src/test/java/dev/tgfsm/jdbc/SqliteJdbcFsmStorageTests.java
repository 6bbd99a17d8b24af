package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * The storage contract on an SQLite file in a temporary directory, through a pool of several
 * connections, so that writes really are serialised by the storage and not by a single connection.
 */
class SqliteJdbcFsmStorageTests extends JdbcFsmStorageContract {

    private Path directory;

    @Override
    protected DataSource createDataSource() {
        directory = TestDataSources.tempDirectory();
        return TestDataSources.sqlite(directory, 4);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void twoPoolsOnOneFileNeverSeeBusyAndCountExactly() throws Exception {
        String prefix = TestDataSources.uniquePrefix();
        HikariDataSource first = TestDataSources.sqlite(directory, 4);
        HikariDataSource second = TestDataSources.sqlite(directory, 4);
        try {
            new JdbcSchemaInitializer(first, prefix, null).initialize();
            List<JdbcFsmStorage> storages = List.of(new JdbcFsmStorage(first, prefix, null, StorageConfig.ofDefaults()),
                    new JdbcFsmStorage(second, prefix, null, StorageConfig.ofDefaults()));
            StorageKey hot = StorageKey.of(1, 1, 7);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcFsmStorage storage = storages.get(t % 2);
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        storage.increment("hot", 1, Duration.ofHours(1));
                        storage.updateData(hot, Map.of("t" + thread, i + 1));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(storages.get(0).increment("hot", 0, null)).isEqualTo(8 * 500);
            assertThat(storages.get(1).getData(hot)).hasSize(8)
                    .allSatisfy((name, value) -> assertThat(value).isEqualTo(500));
            new JdbcSchemaInitializer(first, prefix, null).drop();
        }
        finally {
            first.close();
            second.close();
        }
    }

    /**
     * The first connection of a storage switches the file to WAL; another connection (another
     * instance's, another process's) writing at that moment made the switch fail at once with
     * {@code SQLITE_BUSY} (SQLite does not wait for a lock a read must be upgraded for), which failed
     * the storage's first operation. It now waits for the writer, and the writer's commit goes through.
     */
    @Test
    void aStorageOpeningWhileAnotherConnectionWritesWaitsInsteadOfFailingBusy() throws Exception {
        Path own = TestDataSources.tempDirectory();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + own.resolve("tgfsm.db"));
                HikariDataSource pool = TestDataSources.sqlite(own, 2)) {
            sql(other, "CREATE TABLE other_writer (n INTEGER)");
            sql(other, "BEGIN IMMEDIATE");
            sql(other, "INSERT INTO other_writer VALUES (1)");
            JdbcTransactions transactions = new JdbcTransactions(pool, TestDataSources.uniquePrefix(), null);
            CompletableFuture<JdbcDialect> detected = CompletableFuture.supplyAsync(transactions::dialect);
            Thread.sleep(300);
            assertThat(detected).as("waiting for the writer").isNotDone();

            sql(other, "COMMIT");

            assertThat(detected.get(30, TimeUnit.SECONDS)).isEqualTo(JdbcDialect.SQLITE);
            try (Connection fresh = DriverManager.getConnection("jdbc:sqlite:" + own.resolve("tgfsm.db"))) {
                assertThat(query(fresh, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            }
            assertThat(query(other, "SELECT count(*) FROM other_writer")).as("the writer's commit").isEqualTo("1");
        }
    }

    private static String query(Connection connection, String query) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rows = st.executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getString(1);
        }
    }

    private static void sql(Connection connection, String statement) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(statement);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"version = 'abc'", "version = 2.5", "version = 0", "version = x'01'",
            "created_at = 'yesterday'", "updated_at = 1.5", "expires_at = 'never'"})
    void numberColumnsHoldingWhatNoWriteStoresAreCorruptNotZero(String assignment) {
        StorageKey key = key(1);
        storage().setState(key, "A");
        String canonical = new KeyRenderer("").canonical(key);
        execute("UPDATE " + lastPrefix + "records SET " + assignment + " WHERE record_key = ?", canonical);

        assertThatThrownBy(() -> storage().load(key)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(canonical)
                .satisfies(ex -> assertThat(((CorruptRecordException) ex).raw()).contains("state=A"));
        assertThatThrownBy(() -> storage().updateData(key, Map.of("a", 1))).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> storage().lockAndLoad(key, Lease.random(Duration.ofSeconds(5)), List.of(key)))
                .isInstanceOf(CorruptRecordException.class);
        if (assignment.startsWith("version")) {
            assertThatThrownBy(() -> storage().save(WriteBatch.of(RecordWrite.delete(key, 0))))
                    .as("not taken for an absent record").isInstanceOf(CorruptRecordException.class);
        }

        assertThat(storage().purge(List.of(key))).isEqualTo(1);
        assertThat(storage().load(key)).isEqualTo(FsmRecord.EMPTY);
    }

    /** SQLite's savepoints are statements: a batch that conflicts is undone, those around it kept. */
    @Test
    void saveEachUndoesOnlyTheBatchThatConflicts() {
        StorageKey before = key(1);
        StorageKey conflicting = key(2);
        StorageKey after = key(3);
        storage().setState(after, "A");
        long current = storage().load(after).version();
        List<RuntimeException> failures = storage().saveEach(List.of(
                WriteBatch.of(RecordWrite.put(before, FsmRecord.of("B", Map.of()), 0, null)),
                // its first write applies, its second conflicts: neither stays
                WriteBatch.of(RecordWrite.put(conflicting, FsmRecord.of("B", Map.of()), 0, null),
                        RecordWrite.put(conflicting.withDestiny("other"), FsmRecord.of("B", Map.of()), 5, null)),
                WriteBatch.of(RecordWrite.put(after, FsmRecord.of("B", Map.of()), current, null))));

        assertThat(failures.get(0)).isNull();
        assertThat(failures.get(1)).isInstanceOf(FsmConflictException.class);
        assertThat(failures.get(2)).isNull();
        assertThat(storage().load(before).state()).isEqualTo("B");
        assertThat(storage().load(conflicting).exists()).isFalse();
        assertThat(storage().load(after).state()).isEqualTo("B");
    }

    /**
     * 500 per thread: 4,000 contended operations on one hot key, each retry loop's race run thousands of times, with
     * exact final counts. At 2,000 (SQLite, whose writers take turns on one file: the hot counter took 26 s, the whole
     * class 114 s, in a CI run on 2 cores) the concurrency cases cost minutes of the suite for the same races,
     * already met thousands of times at 500.
     */
    @Override
    protected int operationsPerThread() {
        return 500;
    }
}
