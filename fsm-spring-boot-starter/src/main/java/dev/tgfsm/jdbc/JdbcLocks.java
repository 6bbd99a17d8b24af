package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import dev.tgfsm.storage.Lease;

/**
 * The lease-lock statements of {@link JdbcFsmStorage}: one row per conversation in the lock table
 * holding the holder's token and the lease's end. Taking a free lock is one statement: an upsert that
 * only overwrites an expired lease on PostgreSQL and SQLite; an insert on MariaDB ({@code INSERT IGNORE})
 * and H2, followed, when the row exists, by an update that takes it only if its lease has expired.
 * Renewing and releasing match the token, so nobody releases someone else's lock.
 */
final class JdbcLocks {

    private JdbcLocks() {
    }

    /**
     * Takes a lease lock if it is free or its holder's lease has expired.
     *
     * @return whether it was taken
     */
    static boolean takeLock(Connection c, JdbcSql sql, String lockKey, String token, long now, long expiresAt)
            throws SQLException {
        boolean inserted;
        try (PreparedStatement ps = c.prepareStatement(sql.insertLock)) {
            ps.setString(1, lockKey);
            ps.setString(2, token);
            ps.setLong(3, expiresAt);
            if (sql.dialect.onConflict()) {
                ps.setLong(4, now);
            }
            inserted = ps.executeUpdate() == 1;
        }
        catch (SQLException ex) {
            if (sql.dialect.onConflict() || !JdbcTransactions.isDuplicateKey(ex)) {
                throw ex;
            }
            inserted = false;
        }
        if (inserted || sql.dialect.onConflict()) {
            return inserted;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.stealLock)) {
            ps.setString(1, token);
            ps.setLong(2, expiresAt);
            ps.setString(3, lockKey);
            ps.setLong(4, now);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Returns how long the current holder of a lock still has, or {@code null} if nobody holds it.
     */
    static Duration lockRemaining(Connection c, JdbcSql sql, String lockKey, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectLockExpiry)) {
            ps.setString(1, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) <= now) {
                    return null;
                }
                return Duration.ofMillis(rs.getLong(1) - now);
            }
        }
    }

    /**
     * Extends a lease still held by its token.
     */
    static boolean renew(Connection c, JdbcSql sql, String lockKey, Lease lease, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.renewLock)) {
            ps.setLong(1, now + lease.duration().toMillis());
            ps.setString(2, lockKey);
            ps.setString(3, lease.token());
            ps.setLong(4, now);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Releases a lease still held by its token.
     */
    static boolean unlock(Connection c, JdbcSql sql, String lockKey, Lease lease, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.unlock)) {
            ps.setString(1, lockKey);
            ps.setString(2, lease.token());
            ps.setLong(3, now);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Deletes the lock row of a token, lapsed or not (the release of a commit).
     */
    static boolean release(Connection c, JdbcSql sql, String lockKey, Lease lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.releaseLock)) {
            ps.setString(1, lockKey);
            ps.setString(2, lease.token());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Releases after a failure; a lock that cannot be released lapses by itself.
     */
    static void releaseQuietly(Connection c, JdbcSql sql, String lockKey, Lease lease) {
        try {
            release(c, sql, lockKey, lease);
        }
        catch (SQLException ex) {
            // the lease lapses by itself
        }
    }
}
