package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;

/**
 * The record statements of {@link JdbcFsmStorage}, each one round trip in the common case: load,
 * conditional update, insert-if-absent (replacing an expired row) and conditional delete. They run on
 * a connection the caller manages, inside or outside a transaction.
 */
final class JdbcRows {

    /** Stands for a {@code NULL} number among parameters. */
    private static final Object NULL_LONG = new Object();

    private JdbcRows() {
    }

    /**
     * Loads live records by canonical key; keys with nothing live are absent from the result.
     */
    static Map<String, FsmRecord> select(Connection c, JdbcSql sql, JdbcRecords records, Collection<String> keys,
            long now) throws SQLException {
        Map<String, FsmRecord> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.selectRecords(keys.size()))) {
            int i = 1;
            for (String key : keys) {
                ps.setString(i++, key);
            }
            ps.setLong(i, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), records.read(rs));
                }
            }
        }
        return found;
    }

    /**
     * Loads one live record and locks its row until the transaction ends (SQLite: the whole database
     * is already locked).
     */
    static FsmRecord selectForUpdate(Connection c, JdbcSql sql, JdbcRecords records, String key, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectRecordForUpdate)) {
            ps.setString(1, key);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? records.read(rs) : FsmRecord.EMPTY;
            }
        }
    }

    /**
     * Overwrites a live record if its version is still the expected one.
     *
     * @return whether it was written
     */
    static boolean update(Connection c, JdbcSql sql, JdbcRecords.Encoded record, long expectedVersion, long now,
            @Nullable Long expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.updateRecord)) {
            bind(ps, updateParameters(record, expectedVersion, now, expiresAt));
            return ps.executeUpdate() == 1;
        }
    }

    /** The parameters of {@link JdbcSql#updateRecord}, in order. */
    static Object[] updateParameters(JdbcRecords.Encoded record, long expectedVersion, long now,
            @Nullable Long expiresAt) {
        return new Object[]{record.state(), record.data(), record.meta(), expectedVersion + 1, now,
                nullableLong(expiresAt), record.key(), expectedVersion, now};
    }

    /**
     * Writes a record: {@link #insert} when {@code expectedVersion} is 0, else {@link #update}.
     *
     * @return whether it was written
     */
    static boolean put(Connection c, JdbcSql sql, JdbcRecords.Encoded record, long expectedVersion, long now,
            @Nullable Long expiresAt) throws SQLException {
        return expectedVersion == 0 ? insert(c, sql, record, now, expiresAt)
                : update(c, sql, record, expectedVersion, now, expiresAt);
    }

    /**
     * Inserts a record at version 1 unless a live one exists; an expired row is replaced.
     *
     * @return whether it was written
     */
    static boolean insert(Connection c, JdbcSql sql, JdbcRecords.Encoded record, long now, @Nullable Long expiresAt)
            throws SQLException {
        if (sql.dialect.onConflict()) {
            return insertOnce(c, sql, record, now, expiresAt);
        }
        try {
            return insertOnce(c, sql, record, now, expiresAt);
        }
        catch (SQLException ex) {
            if (!JdbcTransactions.isDuplicateKey(ex)) {
                throw ex;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.deleteExpiredRecord)) {
            ps.setString(1, record.key());
            ps.setLong(2, now);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try {
            return insertOnce(c, sql, record, now, expiresAt);
        }
        catch (SQLException ex) {
            if (JdbcTransactions.isDuplicateKey(ex)) {
                return false;
            }
            throw ex;
        }
    }

    private static boolean insertOnce(Connection c, JdbcSql sql, JdbcRecords.Encoded record, long now,
            @Nullable Long expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.insertRecord)) {
            bind(ps, insertParameters(sql, record, now, expiresAt));
            return ps.executeUpdate() == 1;
        }
    }

    /** The parameters of {@link JdbcSql#insertRecord}, in order. */
    static Object[] insertParameters(JdbcSql sql, JdbcRecords.Encoded record, long now, @Nullable Long expiresAt) {
        Object expires = nullableLong(expiresAt);
        return sql.insertReplacesExpired
                ? new Object[]{record.key(), record.state(), record.data(), record.meta(), now, now, expires, now}
                : new Object[]{record.key(), record.state(), record.data(), record.meta(), now, now, expires};
    }

    /**
     * Deletes a live record if its version is still the expected one.
     *
     * @return whether it was deleted
     */
    static boolean delete(Connection c, JdbcSql sql, String key, long expectedVersion, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.deleteRecord)) {
            bind(ps, deleteParameters(key, expectedVersion, now));
            return ps.executeUpdate() == 1;
        }
    }

    /** The parameters of {@link JdbcSql#deleteRecord}, in order. */
    static Object[] deleteParameters(String key, long expectedVersion, long now) {
        return new Object[]{key, expectedVersion, now};
    }

    private static Object nullableLong(@Nullable Long value) {
        return value == null ? NULL_LONG : value;
    }

    /**
     * Binds parameters in order from the first: strings (possibly {@code null}), longs, and
     * {@code NULL} numbers.
     *
     * @return the index after the last one bound
     */
    static int bind(PreparedStatement ps, Object... parameters) throws SQLException {
        return bind(ps, 1, parameters);
    }

    static int bind(PreparedStatement ps, int first, Object... parameters) throws SQLException {
        int index = first;
        for (Object parameter : parameters) {
            if (parameter == NULL_LONG) {
                ps.setNull(index++, Types.BIGINT);
            }
            else if (parameter instanceof Long value) {
                ps.setLong(index++, value);
            }
            else {
                ps.setString(index++, (String) parameter);
            }
        }
        return index;
    }

    /**
     * Returns the version of a live record, or 0 if there is none.
     *
     * @throws dev.tgfsm.CorruptRecordException if the column holds no integer of 1 or more
     */
    static long version(Connection c, JdbcSql sql, String key, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectVersion)) {
            ps.setString(1, key);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? JdbcRecords.version(rs, 1, key) : 0;
            }
        }
    }

    /**
     * Deletes records by key whatever they hold, in one statement.
     *
     * @return how many were deleted
     */
    static int purge(Connection c, JdbcSql sql, Collection<String> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.purgeRecords(keys.size()))) {
            int i = 1;
            for (String key : keys) {
                ps.setString(i++, key);
            }
            return ps.executeUpdate();
        }
    }

    /**
     * Returns the state of a live record, or {@code null} if it has none or does not exist.
     */
    static @Nullable String state(Connection c, JdbcSql sql, String key, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectVersion)) {
            ps.setString(1, key);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(2) : null;
            }
        }
    }

    /** The records found, by their keys as asked: {@link FsmRecord#EMPTY} for those not found. */
    static Map<StorageKey, FsmRecord> byKey(Map<StorageKey, String> rendered, Map<String, FsmRecord> found) {
        Map<StorageKey, FsmRecord> loaded = new LinkedHashMap<>();
        rendered.forEach((key, text) -> loaded.put(key, found.getOrDefault(text, FsmRecord.EMPTY)));
        return loaded;
    }
}
