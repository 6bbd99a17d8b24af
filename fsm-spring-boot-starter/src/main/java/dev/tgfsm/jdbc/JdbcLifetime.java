package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.storage.ConversationLifetime;
import dev.tgfsm.storage.RecordWrite;

/**
 * One lifetime per conversation on SQL ({@link ConversationLifetime}): a commit that writes a record
 * with a time to live gives the conversation's other live, expiring rows the same expiry with one
 * {@code UPDATE}, found by the key prefix (the primary key's index), leaving alone the rows the
 * commit wrote, the reserved destinies and the rows whose expiry is less than a
 * {@linkplain ConversationLifetime#stepMillis step} earlier (which the update then finds but does not write). Where the commit is one folded statement ({@link JdbcFolds}:
 * PostgreSQL, H2, and MariaDB's joined update of a record and its lock) it is a part of that statement,
 * no statement more; on MariaDB and SQLite it rides in the update of the first existing record the
 * commit writes ({@link JdbcFolds#updateWithSiblings}, {@link #updateWithSiblings}); only where the
 * commit runs several statements otherwise and updates no existing record in a way that can carry it
 * (PostgreSQL and H2 commits that cannot be folded) is it one more statement in the commit's transaction.
 */
final class JdbcLifetime {

    private JdbcLifetime() {
    }

    /** The latest expiry a write of the batch gives a record sharing its conversation's lifetime, or {@code null}. */
    static @Nullable Long expiry(List<RecordWrite> writes, long now) {
        Long latest = null;
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite w = writes.get(i);
            if (!w.isDelete() && w.ttl() != null && ConversationLifetime.shares(w.key().destiny())) {
                long at = JdbcRecords.expiry(now, w.ttl());
                latest = latest == null ? at : Math.max(latest, at);
            }
        }
        return latest;
    }

    /**
     * The index of the write whose statement also moves the siblings' expiry in an unfolded commit, or
     * -1: on MariaDB (a joined update) and SQLite ({@code UPDATE ... RETURNING}) the first update of an
     * existing record.
     */
    static int carrier(JdbcDialect dialect, List<RecordWrite> writes) {
        if (dialect == JdbcDialect.MARIADB || dialect == JdbcDialect.SQLITE) {
            for (int i = 0; i < writes.size(); i++) {
                if (isUpdate(writes.get(i))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isUpdate(RecordWrite write) {
        return !write.isDelete() && write.expectedVersion() > 0;
    }

    /** The {@code UPDATE} of the siblings of {@code written} rows; parameters as {@link #parameters}. */
    static String update(JdbcSql sql, int written) {
        return "UPDATE " + sql.records + " SET expires_at = ? WHERE " + siblings(null, written);
    }

    /**
     * The condition that selects the siblings of {@code written} rows, columns qualified by
     * {@code alias} unless {@code null}; parameters as {@link #siblingParameters}.
     */
    static String siblings(@Nullable String alias, int written) {
        String a = alias == null ? "" : alias + ".";
        StringBuilder where = new StringBuilder(a).append("record_key LIKE ? ESCAPE '!'");
        for (int i = 0; i < ConversationLifetime.RESERVED_PREFIXES.size(); i++) {
            where.append(" AND ").append(a).append("record_key NOT LIKE ? ESCAPE '!'");
        }
        where.append(" AND ").append(a).append("record_key NOT IN (");
        for (int i = 0; i < written; i++) {
            where.append(i == 0 ? "?" : ", ?");
        }
        return where.append(") AND ").append(a).append("expires_at > ? AND ").append(a).append("expires_at < ?")
                .toString();
    }

    /**
     * The parameters of {@link #update}.
     *
     * @param conversation the conversation's rendered key without a destiny (no prefix)
     * @param written the rendered keys the commit writes
     */
    static Object[] parameters(String conversation, List<String> written, long expiresAt, long now) {
        Object[] condition = siblingParameters(conversation, written, expiresAt, now);
        Object[] all = new Object[condition.length + 1];
        all[0] = expiresAt;
        System.arraycopy(condition, 0, all, 1, condition.length);
        return all;
    }

    /** The parameters of {@link #siblings}. */
    static Object[] siblingParameters(String conversation, List<String> written, long expiresAt, long now) {
        String prefix = conversation + ":";
        List<Object> parameters = new ArrayList<>(written.size() + 6);
        parameters.add(JdbcSql.likePrefix(prefix));
        for (String reserved : ConversationLifetime.RESERVED_PREFIXES) {
            parameters.add(JdbcSql.likePrefix(prefix + KeyRenderer.escape(reserved)));
        }
        parameters.addAll(written);
        parameters.add(now);
        // moved only when more than a step behind (ConversationLifetime); expiresAt - now is the longest TTL written
        parameters.add(expiresAt - ConversationLifetime.stepMillis(expiresAt - now));
        return parameters.toArray();
    }

    /**
     * SQLite: updates one existing record at its expected version and gives the conversation's other
     * expiring rows the expiry {@code lifetime}, in one statement ({@code UPDATE ... RETURNING}); a
     * failed version check may still have moved the siblings' expiry, which changes no data.
     *
     * @param written the rendered keys the commit writes
     * @return whether the record was written (its version check passed)
     */
    static boolean updateWithSiblings(Connection c, JdbcSql sql, RecordWrite write, JdbcRecords.Encoded record,
            long now, String conversation, List<String> written, long lifetime) throws SQLException {
        String mine = "CASE WHEN record_key = ? THEN ? ELSE ";
        String update = "UPDATE " + sql.records + " SET state = " + mine + "state END, data = " + mine
                + "data END, meta = " + mine + "meta END, version = " + mine + "version END, updated_at = " + mine
                + "updated_at END, expires_at = " + mine + "? END WHERE (record_key = ? AND version = ?"
                + " AND (expires_at IS NULL OR expires_at > ?)) OR (" + siblings(null, written.size())
                + ") RETURNING record_key";
        Object[] own = JdbcRows.updateParameters(record, write.expectedVersion(), now,
                JdbcRecords.expiry(now, write.ttl()));
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parameters.add(record.key());
            parameters.add(own[i]);
        }
        parameters.add(lifetime);
        parameters.add(own[6]);
        parameters.add(own[7]);
        parameters.add(own[8]);
        parameters.addAll(List.of(siblingParameters(conversation, written, lifetime, now)));
        try (PreparedStatement ps = c.prepareStatement(update)) {
            JdbcRows.bind(ps, parameters.toArray());
            boolean mineWritten = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mineWritten |= record.key().equals(rs.getString(1));
                }
            }
            return mineWritten;
        }
    }

    /** Runs {@link #update} as a statement of its own. */
    static void slide(Connection c, JdbcSql sql, String conversation, List<String> written, long expiresAt, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update(sql, written.size()))) {
            JdbcRows.bind(ps, parameters(conversation, written, expiresAt, now));
            ps.executeUpdate();
        }
    }
}
