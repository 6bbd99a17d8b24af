package dev.tgfsm.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * The statements {@link JdbcFsmStorage} runs on records, counters and locks, for one dialect and one
 * table prefix, with their per-dialect differences: upserts ({@code ON CONFLICT} on PostgreSQL and
 * SQLite, {@code ON DUPLICATE KEY} on MariaDB, {@code MERGE} on H2), bounded deletes and row locks.
 * The deadline index's statements are in {@link JdbcDeadlines}; statements that change several
 * tables at once are assembled from these by {@link JdbcFolds}.
 *
 * <p>Record and counter times are epoch milliseconds passed as parameters, so their expiry is judged
 * by the storage's clock. Lease locks are judged by the database's clock
 * ({@link JdbcDialect#leaseClock()}), so that application instances whose clocks differ agree on
 * when a lease lapses.
 */
final class JdbcSql {

    private static final String COLUMNS = "record_key, state, data, meta, version, created_at, updated_at";

    /** What record loads select: the columns {@link JdbcRecords#read} checks and decodes, in order. */
    private static final String SELECTED = COLUMNS + ", expires_at";

    private static final String LIVE = "(expires_at IS NULL OR expires_at > ?)";

    final JdbcDialect dialect;

    final String records;

    final String counters;

    final String locks;

    final String deadlines;

    final String selectRecordForUpdate;

    final String updateRecord;

    final String insertRecord;

    /**
     * Whether {@link #insertRecord} replaces an expired row itself (and takes {@code now} as its
     * last parameter); on MariaDB a duplicate key means deleting the expired row and inserting again.
     */
    final boolean insertReplacesExpired;

    final String deleteExpiredRecord;

    final String deleteRecord;

    final String selectVersion;

    final String compareAndSetState;

    final String setStateWhenNone;

    final String insertLock;

    final String stealLock;

    final String selectLockRemaining;

    /**
     * PostgreSQL: takes a free lock only when no lower turn of the conversation is announced and
     * live, and, only when it took it, drops its turn's announcement in the same statement, whichever
     * request made it (the first delivery of a re-posted update, on an instance that died, too); a
     * failed attempt keeps it, so that no later turn slips in before it is announced again; a query
     * of the count taken; {@code null} elsewhere. Parameters: key, token, T, lease, lowest turn key
     * (exclusive), own turn key (exclusive), T, T, own turn key.
     */
    final @Nullable String upsertLockInTurn;

    /**
     * PostgreSQL: {@link #unlock} that also withdraws the caller's announced turn, so that a request
     * that gives up holds nobody up; parameters: own turn key, token, key, token, T.
     */
    final @Nullable String unlockInTurn;

    /**
     * MariaDB: {@link #stealLock} that takes the lock only when no lower turn of the conversation is
     * announced and live, and lapses its turn's announcement (whichever request made it) in the same statement (a
     * multi-table update joining its row); parameters: own turn key, token, lease, key, token,
     * lowest turn key (exclusive), own turn key (exclusive). {@code null} elsewhere.
     */
    final @Nullable String stealLockInTurn;

    /**
     * MariaDB: {@link #insertLock} for a conversation without a lock row, only when no lower turn is
     * announced and live; parameters: key, token, lease, lowest turn key (exclusive), own turn key
     * (exclusive). {@code null} elsewhere.
     */
    final @Nullable String insertLockInTurn;

    /**
     * MariaDB: withdraws the caller's announced turn after an {@link #unlock} that released nothing
     * (a request that gives up); parameters: own turn key, token. {@code null} elsewhere.
     */
    final @Nullable String withdrawTurn;

    /**
     * PostgreSQL and MariaDB: announces a turn (an upsert of its row); parameters: turn key, token,
     * T, lease.
     */
    final @Nullable String announceTurn;

    /**
     * PostgreSQL and MariaDB: how long the holder or the lower announced turns still have;
     * parameters: T, key, lowest turn key (exclusive), own turn key (exclusive), T.
     */
    final @Nullable String selectTurnWait;

    final String renewLock;

    final String unlock;

    final String releaseLock;

    final String increment;

    final String selectCounter;

    final String listKeys;

    JdbcSql(JdbcDialect dialect, String prefix) {
        this.dialect = dialect;
        this.records = prefix + "records";
        this.counters = prefix + "counters";
        this.locks = prefix + "locks";
        this.deadlines = prefix + "deadlines";
        boolean upsert = dialect.onConflict();
        this.selectRecordForUpdate = "SELECT " + SELECTED + " FROM " + records + " WHERE record_key = ? AND " + LIVE
                + dialect.forUpdate();
        this.updateRecord = "UPDATE " + records + " SET state = ?, data = ?, meta = ?, version = ?, updated_at = ?,"
                + " expires_at = ? WHERE record_key = ? AND version = ? AND " + LIVE;
        String insert = "INSERT INTO " + records + " (" + COLUMNS + ", expires_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)";
        // parameters: key, state, data, meta, now (created), now (updated), expires [, now]
        this.insertRecord = switch (dialect) {
            case POSTGRESQL, SQLITE -> insert + " ON CONFLICT (record_key) DO UPDATE SET"
                    + " state = excluded.state, data = excluded.data, meta = excluded.meta, version = 1,"
                    + " created_at = excluded.created_at, updated_at = excluded.updated_at,"
                    + " expires_at = excluded.expires_at WHERE " + expired(records);
            case H2 -> "MERGE INTO " + records + " t USING (VALUES (CAST(? AS VARCHAR(512)), CAST(? AS VARCHAR(1024)),"
                    + " CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING), CAST(? AS BIGINT),"
                    + " CAST(? AS BIGINT), CAST(? AS BIGINT))) s (k, st, d, m, c, u, e) ON t.record_key = s.k"
                    + " WHEN MATCHED AND " + expired("t") + " THEN UPDATE SET state = s.st, data = s.d, meta = s.m,"
                    + " version = 1, created_at = s.c, updated_at = s.u, expires_at = s.e WHEN NOT MATCHED THEN"
                    + " INSERT (" + COLUMNS + ", expires_at) VALUES (s.k, s.st, s.d, s.m, 1, s.c, s.u, s.e)";
            case MARIADB -> insert;
        };
        this.insertReplacesExpired = dialect != JdbcDialect.MARIADB;
        this.deleteExpiredRecord = "DELETE FROM " + records
                + " WHERE record_key = ? AND expires_at IS NOT NULL AND expires_at <= ?";
        this.deleteRecord = "DELETE FROM " + records + " WHERE record_key = ? AND version = ? AND " + LIVE;
        this.selectVersion = "SELECT version, state FROM " + records + " WHERE record_key = ? AND " + LIVE;
        this.compareAndSetState = "UPDATE " + records + " SET state = ?, version = version + 1, updated_at = ?,"
                + " expires_at = ? WHERE record_key = ? AND state = ? AND " + LIVE;
        this.setStateWhenNone = "UPDATE " + records + " SET state = ?, version = version + 1, updated_at = ?,"
                + " expires_at = ? WHERE record_key = ? AND state IS NULL AND " + LIVE;

        // Leases are judged by the database's clock (the expression T), so instances whose clocks differ
        // agree on when a lease lapses; on SQLite T is a parameter bound to the storage's clock.
        // A lock already carrying the caller's token counts as free: a retried request finds its own lock.
        String t = dialect.leaseClock();
        // MariaDB: INSERT IGNORE reports a taken lock as 0 rows instead of an error the driver would log
        // parameters: key, token, T, lease [, T]
        this.insertLock = insertLock("VALUES (?, ?, " + t + " + ?)");
        // parameters: token, T, lease, key, T, token
        this.stealLock = "UPDATE " + locks + " SET token = ?, expires_at = " + t + " + ? WHERE lock_key = ?"
                + " AND (expires_at <= " + t + " OR token = ?)";
        // parameters: T, key
        this.selectLockRemaining = "SELECT expires_at - " + t + " FROM " + locks + " WHERE lock_key = ?";
        // turns: rows of the lock table named lock key + '~' + the update id in 19 digits, so that the
        // lower turns of a conversation are one range of the primary key (collation "C")
        if (dialect == JdbcDialect.POSTGRESQL) {
            this.upsertLockInTurn = "WITH taken AS (" + insertLock("SELECT ?, ?, " + t + " + ?" + lowerTurnsAbsent())
                    + " RETURNING 1), own_turn AS (DELETE FROM " + locks + " WHERE lock_key = ?"
                    + " AND EXISTS (SELECT 1 FROM taken)) SELECT COUNT(*) FROM taken";
            this.announceTurn = "INSERT INTO " + locks + " (lock_key, token, expires_at) VALUES (?, ?, " + t + " + ?)"
                    + " ON CONFLICT (lock_key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at";
            this.selectTurnWait = "SELECT MAX(expires_at) - " + t + " FROM " + locks
                    + " WHERE (lock_key = ? OR (lock_key > ? AND lock_key < ?)) AND expires_at > " + t;
        }
        else if (dialect == JdbcDialect.MARIADB) {
            this.upsertLockInTurn = null;
            this.announceTurn = "INSERT INTO " + locks + " (lock_key, token, expires_at) VALUES (?, ?, " + t + " + ?)"
                    + " ON DUPLICATE KEY UPDATE token = VALUES(token), expires_at = VALUES(expires_at)";
            this.selectTurnWait = "SELECT MAX(expires_at) - " + t + " FROM " + locks
                    + " WHERE (lock_key = ? OR (lock_key > ? AND lock_key < ?)) AND expires_at > " + t;
        }
        else {
            this.upsertLockInTurn = null;
            this.announceTurn = null;
            this.selectTurnWait = null;
        }
        if (dialect == JdbcDialect.MARIADB) {
            this.stealLockInTurn = "UPDATE " + locks + " l LEFT JOIN " + locks + " o ON o.lock_key = ?"
                    + " SET l.token = ?, l.expires_at = " + t + " + ?, o.expires_at = 0 WHERE l.lock_key = ? AND"
                    + " (l.expires_at <= " + t + " OR l.token = ?) AND " + lowerTurnsCount() + " = 0";
            this.insertLockInTurn = insertLock("SELECT ?, ?, " + t + " + ? FROM DUAL WHERE " + lowerTurnsCount()
                    + " = 0");
            this.withdrawTurn = "DELETE FROM " + locks + " WHERE lock_key = ? AND token = ?";
        }
        else {
            this.stealLockInTurn = null;
            this.insertLockInTurn = null;
            this.withdrawTurn = null;
        }
        // parameters: T, lease, key, token, T
        this.renewLock = "UPDATE " + locks + " SET expires_at = " + t + " + ? WHERE lock_key = ? AND token = ?"
                + " AND expires_at > " + t;
        // parameters: key, token, T
        // MariaDB keeps a released lock's row with a lapsed lease, for the joined updates of JdbcFolds
        String release = dialect == JdbcDialect.MARIADB ? "UPDATE " + locks + " SET expires_at = 0"
                : "DELETE FROM " + locks;
        this.unlock = release + " WHERE lock_key = ? AND token = ? AND expires_at > " + t;
        this.unlockInTurn = dialect != JdbcDialect.POSTGRESQL ? null
                : "WITH own_turn AS (DELETE FROM " + locks + " WHERE lock_key = ? AND token = ?) " + unlock;
        this.releaseLock = release + " WHERE lock_key = ? AND token = ?";

        // parameters: name, amount, expires, now, now
        this.increment = switch (dialect) {
            case POSTGRESQL, SQLITE -> "INSERT INTO " + counters + " (counter_name, counter_value, expires_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (counter_name) DO UPDATE SET counter_value = CASE WHEN "
                    + expired(counters) + " THEN excluded.counter_value ELSE " + counters
                    + ".counter_value + excluded.counter_value END, expires_at = CASE WHEN " + expired(counters)
                    + " THEN excluded.expires_at ELSE " + counters + ".expires_at END RETURNING counter_value";
            case MARIADB -> "INSERT INTO " + counters + " (counter_name, counter_value, expires_at) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE counter_value = IF(" + expired(counters)
                    + ", VALUES(counter_value), counter_value + VALUES(counter_value)),"
                    + " expires_at = IF(" + expired(counters) + ", VALUES(expires_at), expires_at)";
            case H2 -> "MERGE INTO " + counters + " t USING (VALUES (CAST(? AS VARCHAR(512)), CAST(? AS BIGINT),"
                    + " CAST(? AS BIGINT))) s (n, v, e) ON t.counter_name = s.n WHEN MATCHED THEN UPDATE SET"
                    + " counter_value = CASE WHEN " + expired("t") + " THEN s.v ELSE t.counter_value + s.v END,"
                    + " expires_at = CASE WHEN " + expired("t") + " THEN s.e ELSE t.expires_at END"
                    + " WHEN NOT MATCHED THEN INSERT (counter_name, counter_value, expires_at) VALUES (s.n, s.v, s.e)";
        };
        this.selectCounter = "SELECT counter_value FROM " + counters + " WHERE counter_name = ?";
        this.listKeys = "SELECT record_key FROM " + records + " WHERE record_key LIKE ? ESCAPE '!' AND record_key > ?"
                + " AND " + LIVE + " ORDER BY record_key LIMIT ?";
    }

    /**
     * Takes a lease lock for the rows of {@code rows} (a {@code VALUES} list or a query of key,
     * token and lease end), as {@link #insertLock} does for one.
     */
    String insertLock(String rows) {
        String t = dialect.leaseClock();
        String insert = (dialect == JdbcDialect.MARIADB ? "INSERT IGNORE INTO " : "INSERT INTO ") + locks
                + " (lock_key, token, expires_at) " + rows;
        return !dialect.onConflict() ? insert : insert + " ON CONFLICT (lock_key) DO UPDATE SET"
                + " token = excluded.token, expires_at = excluded.expires_at WHERE " + locks + ".expires_at <= " + t
                + " OR " + locks + ".token = excluded.token";
    }

    /**
     * PostgreSQL: the condition that no lower turn of the conversation is announced and
     * live; parameters: lowest turn key (exclusive), own turn key (exclusive), T.
     */
    String lowerTurnsAbsent() {
        return " WHERE NOT EXISTS (SELECT 1 FROM " + locks + " q WHERE q.lock_key > ? AND q.lock_key < ?"
                + " AND q.expires_at > " + dialect.leaseClock() + ")";
    }

    /**
     * MariaDB: how many lower turns of the conversation are announced and live, read in a derived
     * table (aggregated, so always materialized), which a statement that changes the lock table may
     * read on MariaDB and MySQL alike; parameters: lowest turn key (exclusive), own turn key
     * (exclusive).
     */
    String lowerTurnsCount() {
        return "(SELECT n FROM (SELECT COUNT(*) AS n FROM " + locks + " q WHERE q.lock_key > ? AND q.lock_key < ?"
                + " AND q.expires_at > " + dialect.leaseClock() + ") lower_turns)";
    }

    private static String expired(String table) {
        return table + ".expires_at IS NOT NULL AND " + table + ".expires_at <= ?";
    }

    /**
     * Selects live records by key.
     *
     * @param count how many keys, at least one
     */
    String selectRecords(int count) {
        StringBuilder sb = new StringBuilder("SELECT ").append(SELECTED).append(" FROM ").append(records)
                .append(" WHERE record_key IN (");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(") AND ").append(LIVE).toString();
    }

    /**
     * Deletes records by key whatever their columns hold, without a version check.
     *
     * @param count how many keys, at least one
     */
    String purgeRecords(int count) {
        StringBuilder sb = new StringBuilder("DELETE FROM ").append(records).append(" WHERE record_key IN (");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(')').toString();
    }

    /**
     * Deletes at most a batch of expired rows of one table; parameters: now, now, limit (MariaDB: now,
     * limit).
     */
    String sweep(String table, String keyColumn) {
        return sweep(table, keyColumn, "?");
    }

    /**
     * Deletes at most a batch of lapsed lease locks, judged by the database's clock; parameters: the
     * limit, preceded on SQLite by now twice (once on MariaDB).
     */
    String sweepLocks() {
        return sweep(locks, "lock_key", dialect.leaseClock());
    }

    private String sweep(String table, String keyColumn, String now) {
        if (dialect == JdbcDialect.MARIADB) {
            return "DELETE FROM " + table + " WHERE expires_at <= " + now + " ORDER BY expires_at LIMIT ?";
        }
        return "DELETE FROM " + table + " WHERE expires_at <= " + now + " AND " + keyColumn + " IN (SELECT "
                + keyColumn + " FROM " + table + " WHERE expires_at <= " + now + " ORDER BY expires_at LIMIT ?)";
    }

    /**
     * Escapes a literal for {@code LIKE ... ESCAPE '!'}.
     */
    static String likePrefix(String literal) {
        StringBuilder sb = new StringBuilder(literal.length() + 2);
        for (char c : literal.toCharArray()) {
            if (c == '%' || c == '_' || c == '!') {
                sb.append('!');
            }
            sb.append(c);
        }
        return sb.append('%').toString();
    }
}
