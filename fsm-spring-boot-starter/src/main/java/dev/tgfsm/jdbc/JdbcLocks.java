package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.storage.Lease;

/**
 * The lease-lock statements of {@link JdbcFsmStorage}: one row per conversation in the lock table
 * holding the holder's token and the lease's end. Taking a free lock is one statement: an upsert that
 * only overwrites an expired lease (or the caller's own) on PostgreSQL and SQLite; an insert on
 * MariaDB ({@code INSERT IGNORE}) and H2, followed, when the row exists, by an update that takes it
 * only if its lease has expired or it carries the caller's token. On MariaDB a released lock keeps
 * its row with a lapsed lease ({@code expires_at = 0}, removed by the sweep), so that a commit can
 * release it in the same {@code UPDATE} as its record ({@link JdbcFolds}); there the update that
 * takes an existing row comes first, the insert second. Renewing and releasing match the token, so
 * nobody releases someone else's lock.
 *
 * <p>Every lease is judged by the database's clock ({@link JdbcDialect#leaseClock()}); the
 * {@code now} passed in is only bound where the dialect's clock is a parameter (SQLite).
 */
final class JdbcLocks {

    /** Stands for the lease clock among a statement's parameters. */
    private static final Object CLOCK = new Object();

    private JdbcLocks() {
    }

    /**
     * Binds parameters in order; {@link #CLOCK} is bound to {@code now} where the dialect's lease
     * clock is a parameter and skipped where it is an SQL expression.
     */
    private static void bind(PreparedStatement ps, JdbcSql sql, long now, Object... params) throws SQLException {
        int index = 1;
        for (Object param : params) {
            if (param == CLOCK) {
                if (sql.dialect.leaseClockIsParameter()) {
                    ps.setLong(index++, now);
                }
            }
            else if (param instanceof Long value) {
                ps.setLong(index++, value);
            }
            else if (param instanceof Integer value) {
                ps.setInt(index++, value);
            }
            else {
                ps.setString(index++, (String) param);
            }
        }
    }

    /**
     * The row name of a turn announced for a conversation: the lock key, {@code '~'} and the update
     * id in 19 digits, so that a conversation's turns sort by update id after its lock row.
     */
    static String turnKey(String lockKey, long turn) {
        return lockKey + '~' + String.format(Locale.ROOT, "%019d", turn);
    }

    /**
     * Takes a lease lock as {@link #takeLock(Connection, JdbcSql, String, String, long, long)} does;
     * on PostgreSQL a lease with a turn ({@link Lease#turn()}) takes a free lock only when no lower
     * turn of the conversation is announced and live, and its own announcement leaves in the same
     * statement when it took the lock; on MariaDB likewise ({@link #takeLockInTurn}). Elsewhere turns
     * are not kept.
     *
     * @return whether it was taken
     */
    static boolean takeLock(Connection c, JdbcSql sql, String lockKey, Lease lease, long now) throws SQLException {
        if (sql.stealLockInTurn != null && sql.insertLockInTurn != null && lease.hasTurn()) {
            return takeLockInTurn(c, sql, lockKey, lease, now);
        }
        if (sql.upsertLockInTurn == null) {
            return takeLock(c, sql, lockKey, lease.token(), now, lease.duration().toMillis());
        }
        String lowest = lockKey + '~';
        String own = lease.hasTurn() ? turnKey(lockKey, lease.turn()) : lowest;
        try (PreparedStatement ps = c.prepareStatement(sql.upsertLockInTurn)) {
            bind(ps, sql, now, lockKey, lease.token(), CLOCK, lease.duration().toMillis(), lowest, own, CLOCK, CLOCK,
                    own);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 1;
            }
        }
    }

    /**
     * MariaDB: takes the lock for a lease with a turn as {@link #takeLock(Connection, JdbcSql, String,
     * String, long, long)} does (the row that usually exists first, in one statement that also lapses
     * the caller's own announcement; else an insert), only when no lower turn is announced and live.
     * A conversation whose lock row is missing (new, or its lapsed row swept) is taken by the insert,
     * which leaves an announcement the caller made meanwhile to lapse with its lease: it holds only
     * the conversation's later turns, which wait for this lock anyway.
     */
    private static boolean takeLockInTurn(Connection c, JdbcSql sql, String lockKey, Lease lease, long now)
            throws SQLException {
        String lowest = lockKey + '~';
        String own = turnKey(lockKey, lease.turn());
        try (PreparedStatement ps = c.prepareStatement(sql.stealLockInTurn)) {
            bind(ps, sql, now, own, lease.token(), CLOCK, lease.duration().toMillis(), lockKey, CLOCK, lease.token(),
                    lowest, own, CLOCK);
            if (ps.executeUpdate() > 0) {
                return true;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insertLockInTurn)) {
            bind(ps, sql, now, lockKey, lease.token(), CLOCK, lease.duration().toMillis(), lowest, own, CLOCK);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * After a lock request found the lock busy: on PostgreSQL and MariaDB announces the lease's turn for one lease
     * and returns how long the holder or the lower turns still have ({@code null} if nothing is live
     * any more); elsewhere {@link #lockRemaining}.
     */
    static @Nullable Duration waitForTurn(Connection c, JdbcSql sql, String lockKey, Lease lease, long now)
            throws SQLException {
        if (sql.announceTurn == null || sql.selectTurnWait == null) {
            return lockRemaining(c, sql, lockKey, now);
        }
        String lowest = lockKey + '~';
        String own = lease.hasTurn() ? turnKey(lockKey, lease.turn()) : lowest;
        if (lease.hasTurn()) {
            try (PreparedStatement ps = c.prepareStatement(sql.announceTurn)) {
                bind(ps, sql, now, own, lease.token(), CLOCK, lease.duration().toMillis());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.selectTurnWait)) {
            bind(ps, sql, now, CLOCK, lockKey, lowest, own, CLOCK);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) <= 0) {
                    return null;
                }
                return Duration.ofMillis(rs.getLong(1));
            }
        }
    }

    /**
     * Takes a lease lock if it is free, its holder's lease has expired, or it already carries the
     * token (its lease then starts again).
     *
     * @return whether it was taken
     */
    static boolean takeLock(Connection c, JdbcSql sql, String lockKey, String token, long now, long leaseMillis)
            throws SQLException {
        // MariaDB keeps released rows: the row usually exists, so the update comes first there
        boolean rowsStay = sql.dialect == JdbcDialect.MARIADB;
        if (rowsStay && steal(c, sql, lockKey, token, now, leaseMillis)) {
            return true;
        }
        boolean inserted;
        try (PreparedStatement ps = c.prepareStatement(sql.insertLock)) {
            if (sql.dialect.onConflict()) {
                bind(ps, sql, now, lockKey, token, CLOCK, leaseMillis, CLOCK);
            }
            else {
                bind(ps, sql, now, lockKey, token, CLOCK, leaseMillis);
            }
            inserted = ps.executeUpdate() == 1;
        }
        catch (SQLException ex) {
            if (sql.dialect.onConflict() || !JdbcTransactions.isDuplicateKey(ex)) {
                throw ex;
            }
            inserted = false;
        }
        return inserted || sql.dialect.onConflict() || rowsStay ? inserted
                : steal(c, sql, lockKey, token, now, leaseMillis);
    }

    /** Takes an existing lock row whose lease has lapsed or that carries the token. */
    private static boolean steal(Connection c, JdbcSql sql, String lockKey, String token, long now, long leaseMillis)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.stealLock)) {
            bind(ps, sql, now, token, CLOCK, leaseMillis, lockKey, CLOCK, token);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Returns how long the current holder of a lock still has, or {@code null} if nobody holds it.
     */
    static @Nullable Duration lockRemaining(Connection c, JdbcSql sql, String lockKey, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectLockRemaining)) {
            bind(ps, sql, now, CLOCK, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) <= 0) {
                    return null;
                }
                return Duration.ofMillis(rs.getLong(1));
            }
        }
    }

    /**
     * Extends a lease still held by its token.
     */
    static boolean renew(Connection c, JdbcSql sql, String lockKey, Lease lease, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.renewLock)) {
            bind(ps, sql, now, CLOCK, lease.duration().toMillis(), lockKey, lease.token(), CLOCK);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Releases a lease still held by its token.
     */
    static boolean unlock(Connection c, JdbcSql sql, String lockKey, Lease lease, long now) throws SQLException {
        if (lease.hasTurn() && sql.unlockInTurn != null) {
            try (PreparedStatement ps = c.prepareStatement(sql.unlockInTurn)) {
                bind(ps, sql, now, turnKey(lockKey, lease.turn()), lease.token(), lockKey, lease.token(), CLOCK);
                return ps.executeUpdate() == 1;
            }
        }
        boolean released;
        try (PreparedStatement ps = c.prepareStatement(sql.unlock)) {
            bind(ps, sql, now, lockKey, lease.token(), CLOCK);
            released = ps.executeUpdate() == 1;
        }
        if (!released && lease.hasTurn() && sql.withdrawTurn != null) {
            // MariaDB: a request that never took the lock may have announced its turn; one that took it
            // lapsed its announcement then
            try (PreparedStatement ps = c.prepareStatement(sql.withdrawTurn)) {
                bind(ps, sql, now, turnKey(lockKey, lease.turn()), lease.token());
                ps.executeUpdate();
            }
        }
        return released;
    }

    /**
     * Deletes at most a batch of lapsed locks, judged by the lease clock.
     *
     * @return how many were deleted
     */
    static int sweep(Connection c, JdbcSql sql, long now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.sweepLocks())) {
            if (sql.dialect == JdbcDialect.MARIADB) {
                bind(ps, sql, now, CLOCK, limit);
            }
            else {
                bind(ps, sql, now, CLOCK, CLOCK, limit);
            }
            return ps.executeUpdate();
        }
    }

    /**
     * Releases the lock of a token, lapsed or not (the release of a commit): deletes its row, or on
     * MariaDB lapses its lease.
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
