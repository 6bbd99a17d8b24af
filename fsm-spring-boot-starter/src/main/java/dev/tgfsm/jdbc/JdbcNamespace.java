package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

import dev.tgfsm.storage.StorageHealth;

/**
 * The calls of {@link JdbcFsmStorage} over its tables as a whole, the namespace named by the table
 * prefix: emptying them in one transaction, and the health probe that fails while any of them is
 * missing.
 */
final class JdbcNamespace {

    private final JdbcTransactions transactions;

    private final JdbcRecords records;

    private final String tablePrefix;

    JdbcNamespace(JdbcTransactions transactions, JdbcRecords records, String tablePrefix) {
        this.transactions = transactions;
        this.records = records;
        this.tablePrefix = tablePrefix;
    }

    /** See {@link JdbcFsmStorage#clearNamespace()}: the live records removed are counted. */
    long clear() {
        return transactions.run("clearing the tables", true, (c, sql) -> {
            long now = records.now();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.records
                    + " WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
                ps.setLong(1, now);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                long removed = st.executeUpdate("DELETE FROM " + sql.records);
                st.executeUpdate("DELETE FROM " + sql.counters);
                st.executeUpdate("DELETE FROM " + sql.locks);
                st.executeUpdate("DELETE FROM " + sql.deadlines);
                return removed;
            }
        });
    }

    /** See {@link JdbcFsmStorage#health()}: one query probing every table. */
    StorageHealth health() {
        JdbcDialect known = transactions.knownDialect();
        String backend = known == null ? "jdbc" : "jdbc-" + known.platform();
        long started = System.nanoTime();
        try (Connection c = transactions.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeQuery(JdbcTables.probeAll(tablePrefix)).close();
            return StorageHealth.up(backend, Duration.ofNanos(System.nanoTime() - started));
        }
        catch (Throwable ex) {
            return StorageHealth.down(backend, Duration.ofNanos(System.nanoTime() - started), ex);
        }
    }
}
