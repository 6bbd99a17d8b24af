package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.storage.ConversationLifetime;
import dev.tgfsm.storage.RecordWrite;

/**
 * One lifetime per conversation on SQL ({@link ConversationLifetime}): a commit that writes a record
 * with a time to live gives the conversation's other live, expiring rows the same expiry with one
 * {@code UPDATE} in the commit's transaction, found by the key prefix (the primary key's index),
 * leaving alone the reserved destinies. One statement more per such commit.
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

    /** Moves the expiry of the conversation's other live, expiring, sharing rows to {@code expiresAt}. */
    static void slide(Connection c, JdbcSql sql, String conversation, long expiresAt, long now) throws SQLException {
        String prefix = conversation + ":";
        StringBuilder update = new StringBuilder("UPDATE ").append(sql.records)
                .append(" SET expires_at = ? WHERE record_key LIKE ? ESCAPE '!'");
        for (int i = 0; i < ConversationLifetime.RESERVED_PREFIXES.size(); i++) {
            update.append(" AND record_key NOT LIKE ? ESCAPE '!'");
        }
        update.append(" AND expires_at > ? AND expires_at < ?");
        try (PreparedStatement ps = c.prepareStatement(update.toString())) {
            int i = 1;
            ps.setLong(i++, expiresAt);
            ps.setString(i++, JdbcSql.likePrefix(prefix));
            for (String reserved : ConversationLifetime.RESERVED_PREFIXES) {
                ps.setString(i++, JdbcSql.likePrefix(prefix + KeyRenderer.escape(reserved)));
            }
            ps.setLong(i++, now);
            ps.setLong(i, expiresAt);
            ps.executeUpdate();
        }
    }
}
