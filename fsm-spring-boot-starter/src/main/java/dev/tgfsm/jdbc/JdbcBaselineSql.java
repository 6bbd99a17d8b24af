package dev.tgfsm.jdbc;

import dev.tgfsm.Internal;

/**
 * The statements of {@link JdbcFsmStorage} for one dialect and table prefix, read from its
 * package-private {@code JdbcSql}, so that the raw JDBC baselines of the project's benchmarks run
 * exactly the statements the backend runs.
 *
 * <p><b>Internal:</b> not an API for applications; it exists for the {@code benchmarks} module and
 * may change or disappear in any release.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class JdbcBaselineSql {

    private final JdbcSql sql;

    /**
     * Renders the statements.
     *
     * @param dialect the dialect
     * @param prefix the table prefix
     */
    public JdbcBaselineSql(JdbcDialect dialect, String prefix) {
        this.sql = new JdbcSql(dialect, prefix);
    }

    /** @return SELECT of one live record by key; parameters: key, now */
    public String selectRecord() {
        return sql.selectRecords(1);
    }

    /** @return SELECT ... FOR UPDATE of one live record; parameters: key, now */
    public String selectRecordForUpdate() {
        return sql.selectRecordForUpdate;
    }

    /**
     * @return the version-checked UPDATE; parameters: state, data, meta, new version, now, expires,
     *         key, expected version, now
     */
    public String updateRecord() {
        return sql.updateRecord;
    }

    /** @return the compare-and-set UPDATE; parameters: new state, now, expires, key, expected, now */
    public String compareAndSetState() {
        return sql.compareAndSetState;
    }

    /** @return the counter upsert; parameters: name, amount, expires, now, now */
    public String increment() {
        return sql.increment;
    }

    /** @return the records table */
    public String recordsTable() {
        return sql.records;
    }
}
