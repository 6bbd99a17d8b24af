package dev.tgfsm.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tgfsm.jdbc.JdbcBaselineSql;

/**
 * The raw JDBC baselines: the JDBC backend's own statements with hand-bound parameters, the data
 * column read and written with one Jackson call.
 */
final class RawJdbc {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    private final JdbcBaselineSql sql;

    private final boolean sqlite;

    RawJdbc(DataSource dataSource, JdbcBaselineSql sql, boolean sqlite) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.sqlite = sqlite;
    }

    /**
     * The typical update: SELECT the record, then the version-checked UPDATE (two statements), both
     * again when another writer got in first.
     */
    Object typical(String key, int step, String state) throws Exception {
        for (int attempt = 1;; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                long now = System.currentTimeMillis();
                Row row = select(c, sql.selectRecord(), key, now);
                Map<String, Object> data = new LinkedHashMap<>(row.data);
                data.put("step", step);
                if (update(c, key, state, data, row.version, now) || attempt >= 10) {
                    return row.data;
                }
            }
        }
    }

    /** getState: the SELECT of one record. */
    String getState(String key) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return select(c, sql.selectRecord(), key, System.currentTimeMillis()).state;
        }
    }

    /** setState or updateData: SELECT ... FOR UPDATE and UPDATE in one transaction. */
    Object change(String key, String state, Integer step) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            begin(c);
            try {
                long now = System.currentTimeMillis();
                Row row = select(c, sql.selectRecordForUpdate(), key, now);
                Map<String, Object> data = row.data;
                if (step != null) {
                    data = new LinkedHashMap<>(data);
                    data.put("step", step);
                }
                update(c, key, state != null ? state : row.state, data, row.version, now);
                commit(c);
                return data;
            }
            catch (Exception ex) {
                rollback(c);
                throw ex;
            }
        }
    }

    /** compareAndSet: one conditional UPDATE. */
    boolean compareAndSet(String key, String expected, String state) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.compareAndSetState())) {
            long now = System.currentTimeMillis();
            ps.setString(1, state);
            ps.setLong(2, now);
            ps.setNull(3, Types.BIGINT);
            ps.setString(4, key);
            ps.setString(5, expected);
            ps.setLong(6, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** increment: the counter upsert. */
    long increment(String counter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.increment())) {
            long now = System.currentTimeMillis();
            ps.setString(1, counter);
            ps.setLong(2, 1);
            ps.setNull(3, Types.BIGINT);
            ps.setLong(4, now);
            ps.setLong(5, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private record Row(String state, Map<String, Object> data, long version) {
    }

    @SuppressWarnings("unchecked")
    private static Row select(Connection c, String statement, String key, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, key);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("not seeded: " + key);
                }
                Map<String, Object> data = JSON.readValue(rs.getString(3), Map.class);
                return new Row(rs.getString(2), data, rs.getLong(5));
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    private boolean update(Connection c, String key, String state, Map<String, Object> data, long version, long now)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql.updateRecord())) {
            ps.setString(1, state);
            ps.setString(2, JSON.writeValueAsString(data));
            ps.setString(3, "{}");
            ps.setLong(4, version + 1);
            ps.setLong(5, now);
            ps.setNull(6, Types.BIGINT);
            ps.setString(7, key);
            ps.setLong(8, version);
            ps.setLong(9, now);
            return ps.executeUpdate() == 1;
        }
    }

    private void begin(Connection c) throws SQLException {
        if (sqlite) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
        }
        else {
            c.setAutoCommit(false);
        }
    }

    private void commit(Connection c) throws SQLException {
        if (sqlite) {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        }
        else {
            c.commit();
            c.setAutoCommit(true);
        }
    }

    private void rollback(Connection c) throws SQLException {
        if (sqlite) {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            }
        }
        else {
            c.rollback();
            c.setAutoCommit(true);
        }
    }
}
