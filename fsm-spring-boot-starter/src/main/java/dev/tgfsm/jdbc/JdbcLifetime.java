package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * commit wrote and the reserved destinies. Where the commit is one folded statement ({@link JdbcFolds}:
 * PostgreSQL, H2, and MariaDB's joined update of a record and its lock) it is a part of that statement,
 * no statement more; where the commit runs several statements (SQLite, and the writes that cannot be
 * folded), one more statement in the commit's transaction.
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
        parameters.add(expiresAt);
        return parameters.toArray();
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
