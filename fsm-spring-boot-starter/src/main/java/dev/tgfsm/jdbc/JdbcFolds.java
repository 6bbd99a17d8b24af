package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;

/**
 * Statements that do in one what {@link JdbcFsmStorage} otherwise does in several, on the
 * databases that can change several tables in one statement: PostgreSQL with data-modifying common
 * table expressions ({@code WITH w AS (UPDATE ... RETURNING 1), r AS (DELETE ...) SELECT ...}), H2
 * with data change delta tables ({@code SELECT (SELECT COUNT(*) FROM FINAL TABLE (UPDATE ...)), ...}).
 * MariaDB (and MySQL) has neither, but updates two joined rows in one {@code UPDATE}: there a
 * record and an existing lock row change together, and a released lock keeps its row with a
 * lapsed lease ({@code expires_at = 0}) so that the next update can take it in the same way.
 * SQLite changes one table per statement, and runs the statements apart.
 *
 * <p>Two folds: a rate-limit bucket's write with the lock request
 * ({@link #throttleAndLock}), and a commit's record writes with its deadline change and its lock
 * release ({@link #commit}). Each part keeps its own guard: the version check of every record
 * write, the token of the lock. On PostgreSQL the lock is taken and the deadline written only
 * when the writes before them applied ({@code ... FROM b}, {@code WHERE <all applied>}); on H2
 * the parts cannot depend on each other, and a {@code SELECT} that fails, or that H2 runs again
 * after a concurrent update, keeps what its parts wrote before (committed at once in auto-commit
 * mode). There both folds run in a transaction: a bucket write with a lock request is rolled back
 * unless the bucket was written, so that a call whose statement failed books no permit before it
 * is run again; a commit is rolled back unless every write applied, so that a write is never both
 * applied and reported as a conflict.
 */
final class JdbcFolds {

    private JdbcFolds() {
    }

    /**
     * Tells whether a commit's writes fit one statement with its lock release and its deadline
     * change: on PostgreSQL and H2 unless a write deletes what must not exist (a check, not a
     * write); on MariaDB one update of an existing record that releases a lock (a deadline change
     * then follows in the same transaction).
     */
    static boolean commits(JdbcDialect dialect, List<RecordWrite> writes, boolean releases) {
        return switch (dialect) {
            case POSTGRESQL, H2 -> !writes.isEmpty()
                    && writes.stream().noneMatch(w -> w.isDelete() && w.expectedVersion() == 0);
            case MARIADB -> releases && writes.size() == 1 && !writes.get(0).isDelete()
                    && writes.get(0).expectedVersion() > 0;
            case SQLITE -> false;
        };
    }

    /**
     * Tells whether a folded commit must run in a transaction: always on H2 (a release or deadline
     * part that fails, or H2's own re-run of the statement, would leave the writes applied), and
     * elsewhere with several writes (one may fail its version check after another applied) and on
     * MariaDB with a deadline change (a statement of its own).
     */
    static boolean commitNeedsTransaction(JdbcDialect dialect, int writes, boolean deadline) {
        return dialect == JdbcDialect.H2 || writes > 1 || (dialect == JdbcDialect.MARIADB && deadline);
    }

    /**
     * Tells whether a folded commit whose version check failed released the lock anyway: out of a
     * transaction on PostgreSQL; never on MariaDB, where the lock row changes only with the record,
     * nor on H2, where the commit's transaction is rolled back.
     */
    static boolean releasesOnConflict(JdbcDialect dialect, boolean transactional) {
        return !transactional && dialect != JdbcDialect.MARIADB;
    }

    /**
     * Tells whether {@link #throttleAndLock} must run in a transaction: on H2, where only a rollback
     * undoes a bucket write whose statement then failed (a duplicate lock row, a lock wait) or wrote
     * nothing on H2's own retry after a concurrent update.
     */
    static boolean throttleNeedsTransaction(JdbcDialect dialect) {
        return dialect == JdbcDialect.H2;
    }

    /**
     * Writes a rate-limit bucket (an update at {@code expectedVersion}, an insert at 0) and takes a
     * lease lock in one statement.
     *
     * @return what happened (on H2 the lock may be taken beside a bucket that was not written: the
     *         caller's transaction is then rolled back), or
     *         {@code null} when nothing was done and the caller runs the statements apart: on SQLite,
     *         and on MariaDB unless both the bucket and a free lock row existed
     */
    static @Nullable Locked throttleAndLock(Connection c, JdbcSql sql, JdbcRecords.Encoded bucket,
            long expectedVersion, long now, @Nullable Long expiresAt, String lockKey, Lease lease) throws SQLException {
        String t = sql.dialect.leaseClock();
        if (sql.dialect == JdbcDialect.SQLITE || (sql.dialect == JdbcDialect.MARIADB && expectedVersion == 0)) {
            return null;
        }
        if (sql.dialect == JdbcDialect.MARIADB) {
            String join = "JOIN " + sql.locks + " l ON l.lock_key = ? AND (l.expires_at <= " + t + " OR l.token = ?)";
            Object[] joinParameters = {lockKey, lease.token()};
            String lockSet = "l.token = ?, l.expires_at = " + t + " + ?";
            if (lease.hasTurn()) {
                // the lock only when no lower turn is announced and live; taken, the caller's own announcement lapses
                String own = JdbcLocks.turnKey(lockKey, lease.turn());
                join += " AND " + sql.lowerTurnsCount() + " = 0 LEFT JOIN " + sql.locks
                        + " o ON o.lock_key = ?";
                joinParameters = new Object[]{lockKey, lease.token(), lockKey + '~', own, own};
                lockSet += ", o.expires_at = 0";
            }
            boolean both = joined(c, sql, join, joinParameters, lockSet,
                    new Object[]{lease.token(), lease.duration().toMillis()},
                    JdbcRows.updateParameters(bucket, expectedVersion, now, expiresAt)) > 0;
            return both ? new Locked(true, true, null) : null;
        }
        Statement st = new Statement(sql.dialect);
        st.write(put(sql, bucket, expectedVersion, now, expiresAt), false);
        boolean turns = sql.dialect == JdbcDialect.POSTGRESQL;
        if (turns) {
            // the lock only when no lower turn is announced and live; taken, the turn's announcement leaves
            String lowest = lockKey + '~';
            String own = lease.hasTurn() ? JdbcLocks.turnKey(lockKey, lease.turn()) : lowest;
            st.write(new Part(sql.insertLock("SELECT ?, ?, " + t + " + ? FROM w0" + sql.lowerTurnsAbsent()), lockKey,
                    lease.token(), lease.duration().toMillis(), lowest, own), false);
            st.write(new Part("DELETE FROM " + sql.locks + " WHERE lock_key = ? AND EXISTS (SELECT 1 FROM w1)", own),
                    true);
        }
        else {
            st.write(new Part("MERGE INTO " + sql.locks + " t USING (VALUES (CAST(? AS VARCHAR(512)),"
                    + " CAST(? AS VARCHAR(128)), " + t + " + CAST(? AS BIGINT))) s (k, tok, e) ON t.lock_key = s.k"
                    + " WHEN MATCHED AND (t.expires_at <= " + t + " OR t.token = s.tok) THEN UPDATE SET"
                    + " token = s.tok, expires_at = s.e WHEN NOT MATCHED THEN INSERT (lock_key, token, expires_at)"
                    + " VALUES (s.k, s.tok, s.e)", lockKey, lease.token(), lease.duration().toMillis()), false);
        }
        st.read(new Part("SELECT expires_at - " + t + " FROM " + sql.locks + " WHERE lock_key = ?", lockKey));
        long[] result = st.run(c);
        long remaining = result[turns ? 3 : 2];
        return new Locked(result[0] == 1, result[1] == 1, remaining > 0 ? Duration.ofMillis(remaining) : null);
    }

    /** A record's write: an update at {@code expectedVersion}, an insert at 0. */
    private static Part put(JdbcSql sql, JdbcRecords.Encoded bucket, long expectedVersion, long now,
            @Nullable Long expiresAt) {
        return expectedVersion == 0
                ? new Part(sql.insertRecord, JdbcRows.insertParameters(sql, bucket, now, expiresAt))
                : new Part(sql.updateRecord, JdbcRows.updateParameters(bucket, expectedVersion, now, expiresAt));
    }

    /**
     * Applies a commit's record writes, then its deadline change and its lock release, in one
     * statement; only for writes {@link #commits} accepts.
     *
     * @param deadlineKey the canonical key whose deadline row changes, or {@code null} for none
     * @param dueAt the new due time in epoch milliseconds, or {@code null} to remove the row
     * @param lockKey the lock to release, or {@code null} for none
     * @param token the token it was taken with, when released
     * @param conversation the conversation's canonical key without a destiny, for {@code lifetime}
     * @param lifetime the expiry given to the conversation's other expiring rows ({@link JdbcLifetime}),
     *        or {@code null} for none
     * @return the index of the first write that did not apply (its version check failed), or -1
     */
    static int commit(Connection c, JdbcSql sql, List<RecordWrite> writes, List<JdbcRecords.Encoded> encoded,
            long now, @Nullable String deadlineKey, @Nullable Long dueAt, @Nullable String lockKey,
            @Nullable String token, @Nullable String conversation, @Nullable Long lifetime) throws SQLException {
        List<String> written = new ArrayList<>(encoded.size());
        encoded.forEach(e -> written.add(e.key()));
        if (sql.dialect == JdbcDialect.MARIADB) {
            // the lock is released by lapsing its lease, so that the row stays for the next update's joined take
            RecordWrite write = writes.get(0);
            String join = "LEFT JOIN " + sql.locks + " l ON l.lock_key = ? AND l.token = ?";
            Object[] joinParameters = {lockKey, token};
            String set = "l.expires_at = 0";
            Object[] setParameters = {};
            if (lifetime != null) {
                // the conversation's other expiring rows change in the same statement (JdbcLifetime)
                join += " LEFT JOIN " + sql.records + " s ON " + JdbcLifetime.siblings("s", written.size());
                joinParameters = concat(joinParameters,
                        JdbcLifetime.siblingParameters(conversation, written, lifetime, now));
                set += ", s.expires_at = ?";
                setParameters = new Object[]{lifetime};
            }
            if (joined(c, sql, join, joinParameters, set, setParameters, JdbcRows.updateParameters(
                    encoded.get(0), write.expectedVersion(), now, JdbcRecords.expiry(now, write.ttl()))) == 0) {
                return 0;
            }
            if (deadlineKey != null) {
                JdbcDeadlines.apply(c, sql, deadlineKey, dueAt);
            }
            return -1;
        }
        Statement st = new Statement(sql.dialect);
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite write = writes.get(i);
            JdbcRecords.Encoded record = encoded.get(i);
            if (write.isDelete()) {
                st.write(
                        new Part(sql.deleteRecord,
                                JdbcRows.deleteParameters(record.key(), write.expectedVersion(), now)),
                        true);
            }
            else {
                st.write(put(sql, record, write.expectedVersion(), now, JdbcRecords.expiry(now, write.ttl())),
                        false);
            }
        }
        // PostgreSQL: the deadline row changes only when every write applied; H2: the caller's transaction decides
        String applied = sql.dialect == JdbcDialect.POSTGRESQL ? st.appliedCount() + " = " + writes.size() : null;
        if (deadlineKey != null && dueAt == null) {
            st.write(new Part(JdbcDeadlines.delete(sql, false) + (applied == null ? "" : " AND " + applied),
                    deadlineKey), true);
        }
        else if (deadlineKey != null) {
            st.write(new Part(
                    JdbcDeadlines.upsert(sql, applied == null ? "VALUES (?, ?)" : "SELECT ?, ? WHERE " + applied),
                    deadlineKey, dueAt), false);
        }
        if (lockKey != null) {
            st.write(new Part(sql.releaseLock, lockKey, token), true);
        }
        if (lifetime != null) {
            st.write(new Part(JdbcLifetime.update(sql, written.size()) + (applied == null ? "" : " AND " + applied),
                    JdbcLifetime.parameters(conversation, written, lifetime, now)), false);
        }
        long[] changed = st.run(c);
        for (int i = 0; i < writes.size(); i++) {
            if (changed[i] != 1) {
                return i;
            }
        }
        return -1;
    }

    /**
     * MariaDB: updates one existing record at its expected version and gives the conversation's other
     * expiring rows its expiry ({@link JdbcLifetime}), in one joined statement.
     *
     * @param written the rendered keys the commit writes, which are not siblings
     * @return whether the record was written (its version check passed)
     */
    static boolean updateWithSiblings(Connection c, JdbcSql sql, RecordWrite write, JdbcRecords.Encoded encoded,
            long now, String conversation, List<String> written, long lifetime) throws SQLException {
        return joined(c, sql, "LEFT JOIN " + sql.records + " s ON " + JdbcLifetime.siblings("s", written.size()),
                JdbcLifetime.siblingParameters(conversation, written, lifetime, now), "s.expires_at = ?",
                new Object[]{lifetime}, JdbcRows.updateParameters(encoded, write.expectedVersion(), now,
                        JdbcRecords.expiry(now, write.ttl()))) > 0;
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * MariaDB: updates a record at its expected version and a lock row joined to it, in one
     * statement.
     *
     * @param update the record's parameters, as {@link JdbcRows#updateParameters} gives them
     * @return the rows matched: 0 when the record's version check failed (or, with an inner join,
     *         the lock row did not match)
     */
    private static int joined(Connection c, JdbcSql sql, String join, Object[] joinParameters, String lockSet,
            Object[] lockParameters, Object[] update) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.records + " r " + join + " SET r.state = ?,"
                + " r.data = ?, r.meta = ?, r.version = ?, r.updated_at = ?, r.expires_at = ?, " + lockSet
                + " WHERE r.record_key = ? AND r.version = ? AND (r.expires_at IS NULL OR r.expires_at > ?)")) {
            int next = JdbcRows.bind(ps, joinParameters);
            next = JdbcRows.bind(ps, next, Arrays.copyOfRange(update, 0, 6));
            next = JdbcRows.bind(ps, next, lockParameters);
            JdbcRows.bind(ps, next, Arrays.copyOfRange(update, 6, 9));
            return ps.executeUpdate();
        }
    }

    /**
     * What {@link #throttleAndLock} did.
     *
     * @param bucketWritten whether the bucket's write passed its version check
     * @param taken whether the lock was taken
     * @param remaining how long its holder still had before the statement, or {@code null}
     */
    record Locked(boolean bucketWritten, boolean taken, @Nullable Duration remaining) {
    }

    /** One statement of a fold and its parameters. */
    private record Part(String sql, Object... parameters) {
    }

    /**
     * A folded statement under construction: its changes in order, named {@code w0}, {@code w1},
     * ... on PostgreSQL, then plain reads; run, it returns one number per part (rows changed, or
     * the value read).
     */
    private static final class Statement {

        private final JdbcDialect dialect;

        private final List<Part> writes = new ArrayList<>();

        private final List<Boolean> removes = new ArrayList<>();

        private final List<Part> reads = new ArrayList<>();

        Statement(JdbcDialect dialect) {
            this.dialect = dialect;
        }

        /** Adds a change; {@code removes} tells that it deletes (H2 counts its rows in the old table). */
        void write(Part part, boolean remove) {
            writes.add(part);
            removes.add(remove);
        }

        void read(Part part) {
            reads.add(part);
        }

        /** The SQL sum of the rows changed by the writes added so far (PostgreSQL). */
        String appliedCount() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < writes.size(); i++) {
                sb.append(i == 0 ? "" : " + ").append("(SELECT COUNT(*) FROM w").append(i).append(')');
            }
            return sb.append(')').toString();
        }

        long[] run(Connection c) throws SQLException {
            StringBuilder sb = new StringBuilder();
            List<Object> parameters = new ArrayList<>();
            if (dialect == JdbcDialect.POSTGRESQL) {
                for (int i = 0; i < writes.size(); i++) {
                    sb.append(i == 0 ? "WITH " : ", ").append('w').append(i).append(" AS (")
                            .append(writes.get(i).sql()).append(" RETURNING 1)");
                }
                sb.append(" SELECT ");
                for (int i = 0; i < writes.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append("(SELECT COUNT(*) FROM w").append(i).append(')');
                }
            }
            else {
                sb.append("SELECT ");
                for (int i = 0; i < writes.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append("(SELECT COUNT(*) FROM ")
                            .append(removes.get(i) ? "OLD" : "FINAL").append(" TABLE (").append(writes.get(i).sql())
                            .append("))");
                }
            }
            writes.forEach(part -> parameters.addAll(Arrays.asList(part.parameters())));
            for (Part read : reads) {
                sb.append(", (").append(read.sql()).append(')');
                parameters.addAll(Arrays.asList(read.parameters()));
            }
            try (PreparedStatement ps = c.prepareStatement(sb.toString())) {
                JdbcRows.bind(ps, parameters.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long[] values = new long[writes.size() + reads.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getLong(i + 1);
                    }
                    return values;
                }
            }
            catch (SQLException ex) {
                if (JdbcTransactions.isDuplicateKey(ex)) {
                    throw new JdbcTransactions.Retry();
                }
                throw ex;
            }
        }
    }
}
