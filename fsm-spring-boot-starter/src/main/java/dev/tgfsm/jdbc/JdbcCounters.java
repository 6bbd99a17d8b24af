package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * The counter upsert of {@link JdbcFsmStorage#increment}: one {@code INSERT ... ON CONFLICT ... RETURNING}
 * on PostgreSQL and SQLite; an upsert followed by a read of the row it locked, in one transaction, on
 * MariaDB ({@code ON DUPLICATE KEY UPDATE}) and H2 ({@code MERGE}, run again when two first increments
 * collide). An expired counter starts again from the amount with a new expiry.
 */
final class JdbcCounters {

    private JdbcCounters() {
    }

    static long increment(Connection c, JdbcSql sql, String counter, long amount, long now, @Nullable Long expiresAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.increment)) {
            ps.setString(1, counter);
            ps.setLong(2, amount);
            JdbcRecords.setNullableLong(ps, 3, expiresAt);
            ps.setLong(4, now);
            ps.setLong(5, now);
            if (sql.dialect.onConflict()) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            ps.executeUpdate();
        }
        catch (SQLException ex) {
            if (!sql.dialect.onConflict() && JdbcTransactions.isDuplicateKey(ex)) {
                throw new JdbcTransactions.Retry();
            }
            throw ex;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.selectCounter)) {
            ps.setString(1, counter);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new JdbcTransactions.Retry();
                }
                return rs.getLong(1);
            }
        }
    }
}
