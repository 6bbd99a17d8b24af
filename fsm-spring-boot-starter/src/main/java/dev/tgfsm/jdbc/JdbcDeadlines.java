package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.DueDeadline;

/**
 * The deadline index of the JDBC backend: the table {@code <prefix>deadlines} with one row per
 * conversation (its canonical key and its due time in epoch milliseconds), indexed by due time.
 *
 * <p>A claim is one transaction: select the due rows, earliest first ({@code FOR UPDATE SKIP LOCKED}
 * on PostgreSQL, {@code FOR UPDATE} on MariaDB and H2; SQLite is serialised anyway), then move each
 * to the claim's end with {@code UPDATE ... WHERE record_key = ? AND due_at = ?}: only a row still at
 * the time that was read counts as claimed, so two instances never both claim one row.
 */
final class JdbcDeadlines {

    private final JdbcTransactions transactions;

    private final KeyRenderer renderer = new KeyRenderer("");

    JdbcDeadlines(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    void schedule(StorageKey key, Instant at) {
        transactions.run("scheduling a deadline", false, (c, sql) -> {
            apply(c, sql, DeadlineChange.schedule(key, at));
            return null;
        });
    }

    /**
     * Applies a change on the caller's connection, inside its transaction: one statement (an
     * upsert, or a delete for a cancel). A concurrent insert of the same row raises
     * {@link JdbcTransactions.Retry}, which runs the caller's transaction again.
     */
    void apply(Connection c, JdbcSql sql, DeadlineChange change) throws SQLException {
        apply(c, sql, renderer.canonical(change.key()), change.isCancel() ? null : change.at().toEpochMilli());
    }

    /**
     * Applies a change of the row of a canonical key: a due time in epoch milliseconds, or
     * {@code null} to remove the row.
     */
    static void apply(Connection c, JdbcSql sql, String key, @Nullable Long dueAt) throws SQLException {
        if (dueAt == null) {
            try (PreparedStatement ps = c.prepareStatement(delete(sql, false))) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert(sql, "VALUES (?, ?)"))) {
            ps.setString(1, key);
            ps.setLong(2, dueAt);
            ps.executeUpdate();
        }
        catch (SQLException ex) {
            if (JdbcTransactions.isDuplicateKey(ex)) {
                throw new JdbcTransactions.Retry();
            }
            throw ex;
        }
    }

    /**
     * Sets the due time of the rows of {@code rows} (a {@code VALUES} list or a query of key and
     * due time), inserting those not yet indexed.
     */
    static String upsert(JdbcSql sql, String rows) {
        String insert = "INSERT INTO " + sql.deadlines + " (record_key, due_at) " + rows;
        return switch (sql.dialect) {
            case POSTGRESQL, SQLITE -> insert + " ON CONFLICT (record_key) DO UPDATE SET due_at = excluded.due_at";
            case MARIADB -> insert + " ON DUPLICATE KEY UPDATE due_at = VALUES(due_at)";
            case H2 -> "MERGE INTO " + sql.deadlines + " (record_key, due_at) KEY (record_key) " + rows;
        };
    }

    /**
     * Deletes a conversation's row; parameters: its key, and the due time it must still have when
     * {@code expected}.
     */
    static String delete(JdbcSql sql, boolean expected) {
        return "DELETE FROM " + sql.deadlines + " WHERE record_key = ?" + (expected ? " AND due_at = ?" : "");
    }

    /** Claims due rows, of one bot's conversations only when {@code botId} is given. */
    List<DueDeadline> claim(Long botId, Instant now, int limit, Duration lease) {
        long nowMillis = now.toEpochMilli();
        long until = nowMillis + lease.toMillis();
        return transactions.run("claiming due deadlines", true, (c, sql) -> {
            String lock = switch (sql.dialect) {
                case POSTGRESQL -> " FOR UPDATE SKIP LOCKED";
                case MARIADB, H2 -> " FOR UPDATE";
                case SQLITE -> "";
            };
            Map<String, Long> due = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT record_key, due_at FROM " + sql.deadlines
                    + " WHERE due_at <= ?" + (botId == null ? "" : " AND record_key LIKE ?")
                    + " ORDER BY due_at, record_key LIMIT ?" + lock)) {
                int p = 1;
                ps.setLong(p++, nowMillis);
                if (botId != null) {
                    ps.setString(p++, KeyRenderer.canonicalBotTag(botId) + "%");
                }
                ps.setInt(p, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            List<DueDeadline> claimed = new ArrayList<>(due.size());
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.deadlines
                    + " SET due_at = ? WHERE record_key = ? AND due_at = ?")) {
                for (Map.Entry<String, Long> e : due.entrySet()) {
                    ps.setLong(1, until);
                    ps.setString(2, e.getKey());
                    ps.setLong(3, e.getValue());
                    if (ps.executeUpdate() == 1) {
                        claimed.add(new DueDeadline(renderer.parseCanonical(e.getKey()), Instant.ofEpochMilli(until)));
                    }
                }
            }
            return claimed;
        });
    }

    boolean cancel(StorageKey key, @Nullable Instant expected) {
        String name = renderer.canonical(key);
        return transactions.run("cancelling a deadline", false, (c, sql) -> {
            try (PreparedStatement ps = c.prepareStatement(delete(sql, expected != null))) {
                ps.setString(1, name);
                if (expected != null) {
                    ps.setLong(2, expected.toEpochMilli());
                }
                return ps.executeUpdate() == 1;
            }
        });
    }
}
