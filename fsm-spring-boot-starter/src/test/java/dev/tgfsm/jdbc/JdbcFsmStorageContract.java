package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.FsmStorageContractTests;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * The storage contract on one database, plus JDBC-specific tests. Every storage gets its own tables
 * under a unique prefix; all of them are dropped when the class is done.
 *
 * <p>Creating tables is the slow part of a test on a real server (a Flyway or Liquibase run per
 * storage took most of a suite's minute and a half), so the tables of a prefix are made once and
 * handed to the next test when a test is done, emptied first: a test still starts on empty tables of
 * its own, which no other storage of the class uses at the same time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcFsmStorageContract extends FsmStorageContractTests {

    private final List<String> prefixes = new ArrayList<>();

    /** Prefixes whose tables exist and that no test of the class uses now. */
    private final Deque<String> freePrefixes = new ArrayDeque<>();

    /** Prefixes handed out since the current test began. */
    private final List<String> usedPrefixes = new ArrayList<>();

    private DataSource dataSource;

    String lastPrefix;

    private StorageConfig lastSettings;

    /**
     * Creates the class's connection pool (called once, lazily).
     */
    protected abstract DataSource createDataSource();

    /**
     * Closes the pool.
     */
    protected abstract void closeDataSource(DataSource dataSource);

    /**
     * Creates the tables of one prefix: by default with tgfsm's own initializer.
     */
    protected void createTables(DataSource dataSource, String prefix) {
        new JdbcSchemaInitializer(dataSource, prefix, null).initialize();
    }

    /**
     * Drops the tables of one prefix.
     */
    protected void dropTables(DataSource dataSource, String prefix) {
        new JdbcSchemaInitializer(dataSource, prefix, null).drop();
    }

    protected final DataSource dataSource() {
        if (dataSource == null) {
            dataSource = createDataSource();
        }
        return dataSource;
    }

    /** Every database but SQLite judges leases by its own clock; SQLite's is the application's. */
    @Override
    protected boolean leasesJudgedByStoreClock() {
        try (Connection c = dataSource().getConnection()) {
            return JdbcDialect.fromProductName(c.getMetaData().getDatabaseProductName()) != JdbcDialect.SQLITE;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    protected FsmStorage createStorage(StorageConfig settings) {
        String prefix = freePrefixes.poll();
        if (prefix == null) {
            prefix = TestDataSources.uniquePrefix();
            createTables(dataSource(), prefix);
            prefixes.add(prefix);
        }
        else {
            emptyTables(prefix);
        }
        usedPrefixes.add(prefix);
        lastPrefix = prefix;
        lastSettings = settings;
        return new JdbcFsmStorage(dataSource(), prefix, null, settings);
    }

    @Override
    protected FsmStorage createStorageInOtherNamespace(StorageConfig settings) {
        String mine = lastPrefix;
        FsmStorage other = createStorage(settings);
        lastPrefix = mine;
        return other;
    }

    @Override
    protected boolean writeCorruptRecord(StorageKey key, String kind) {
        String data = switch (kind) {
            case "invalid-json" -> "{\"a\": 1, oops";
            case "wrong-type" -> "[1, 2, 3]";
            default -> null;
        };
        if (data == null) {
            return false;
        }
        long now = lastSettings.clock().millis();
        execute("INSERT INTO " + lastPrefix + "records (record_key, state, data, meta, version, created_at,"
                + " updated_at, expires_at) VALUES (?, 'S', ?, '{}', 3, ?, ?, NULL)",
                new KeyRenderer("").canonical(key), data, now, now);
        return true;
    }

    /**
     * Deletes every row of tgfsm's tables under one prefix (the migration tools' history tables stay,
     * as after their run).
     */
    private void emptyTables(String prefix) {
        for (String table : JdbcSchemaInitializer.TABLES) {
            execute("DELETE FROM " + prefix + table);
        }
        for (String table : JdbcSchemaInitializer.TABLES) {
            assertThat(count(prefix, table)).as("rows left in %s%s", prefix, table).isZero();
        }
    }

    /**
     * Hands the test's tables to the next test. Runs before the contract stops the test's storages
     * (JUnit runs a subclass's {@code @AfterEach} first), which is safe because the next test, which
     * empties the tables, starts only after that.
     */
    @AfterEach
    void releasePrefixes() {
        freePrefixes.addAll(usedPrefixes);
        usedPrefixes.clear();
    }

    @AfterAll
    void dropTables() {
        try {
            for (String prefix : prefixes) {
                dropTables(dataSource(), prefix);
            }
        }
        finally {
            if (dataSource != null) {
                closeDataSource(dataSource);
            }
        }
    }

    @Test
    void corruptRowIsLeftExactlyAsItWas() {
        StorageKey key = key(1);
        writeCorruptRecord(key, "invalid-json");
        Map<String, Object> before = rawRow(key);

        assertThatThrownBy(() -> storage().load(key)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(new KeyRenderer("").canonical(key));
        assertThatThrownBy(() -> storage().updateData(key, Map.of("a", 2))).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> storage().delete(key)).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> storage().lockAndLoad(key, dev.tgfsm.storage.Lease.random(Duration.ofSeconds(5)),
                List.of(key))).isInstanceOf(CorruptRecordException.class);

        assertThat(rawRow(key)).isEqualTo(before);
        assertThat(storage().lockAndLoad(key, dev.tgfsm.storage.Lease.random(Duration.ofSeconds(5)), List.of())
                .acquired()).as("the failed lockAndLoad took no lock").isTrue();
    }

    @Test
    void sweepDeletesOnlyExpiredRowsInBatches() {
        JdbcFsmStorage jdbc = (JdbcFsmStorage) storage();
        jdbc.setSweepBatchSize(3);
        for (int i = 0; i < 10; i++) {
            jdbc.save(WriteBatch.of(RecordWrite.put(key(i), FsmRecord.of("S", Map.of()), 0,
                    i < 7 ? Duration.ofSeconds(5) : null)));
        }
        jdbc.increment("c", 1, Duration.ofSeconds(5));
        clock().advance(Duration.ofSeconds(6));

        assertThat(jdbc.sweepExpired()).isEqualTo(8);

        assertThat(count("records")).isEqualTo(3);
        assertThat(count("counters")).isZero();
        assertThat(jdbc.sweepExpired()).isZero();
    }

    @Test
    void startedStorageSweepsExpiredRowsInTheBackground() {
        JdbcFsmStorage jdbc = (JdbcFsmStorage) storage();
        jdbc.save(WriteBatch.of(RecordWrite.put(key(1), FsmRecord.of("S", Map.of()), 0, Duration.ofSeconds(5))));
        jdbc.setSweepInterval(Duration.ofMillis(20));
        clock().advance(Duration.ofSeconds(6));

        jdbc.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count("records") > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        jdbc.stop();

        assertThat(count("records")).as("swept by the background sweeper").isZero();
    }

    private long count(String table) {
        return count(lastPrefix, table);
    }

    private long count(String prefix, String table) {
        return ((Number) query("SELECT COUNT(*) AS n FROM " + prefix + table).get(0).get("n")).longValue();
    }

    private Map<String, Object> rawRow(StorageKey key) {
        List<Map<String, Object>> rows = query("SELECT record_key, state, data, meta, version, created_at, updated_at,"
                + " expires_at FROM " + lastPrefix + "records WHERE record_key = '" + new KeyRenderer("").canonical(key)
                + "'");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private List<Map<String, Object>> query(String sql) {
        try (Connection c = dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    void execute(String sql, Object... parameters) {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
