package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.UserDataStorage;
import dev.tgfsm.storage.UserMatch;

/**
 * The {@link UserDataStorage} of the JDBC backend. The tables are keyed by the rendered key, with no
 * column per user, so a lookup is one {@code SELECT ... WHERE record_key LIKE '%<user id>%'} over the
 * records table and one over the counters table: each reads the whole table once (a leading
 * wildcard cannot use the primary key), and only rows containing the id's digits come back, to be
 * parsed and kept when they belong to the user. That is meant for rare administrative calls; the
 * statements of an update are unchanged. Rate-limit and flood buckets are records here.
 */
final class JdbcUserData implements UserDataStorage {

    private final JdbcTransactions transactions;

    private final KeyRenderer renderer;

    private final LongSupplier now;

    JdbcUserData(JdbcTransactions transactions, KeyRenderer renderer, LongSupplier now) {
        this.transactions = transactions;
        this.renderer = renderer;
        this.now = now;
    }

    @Override
    public List<StorageKey> userRecordKeys(long userId) {
        return transactions.run("finding a user's records", false, (c, sql) -> {
            List<StorageKey> out = new ArrayList<>();
            for (String rendered : select(c, "SELECT record_key, version FROM " + sql.records, "record_key", userId)
                    .keySet()) {
                try {
                    StorageKey key = renderer.parseCanonical(rendered);
                    if (UserMatch.owns(key, userId)) {
                        out.add(key);
                    }
                }
                catch (IllegalArgumentException ex) {
                    // not a key of this format: not the user's
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, String> userEntries(long userId) {
        return transactions.run("finding a user's counters", false, (c, sql) -> {
            Map<String, String> out = new LinkedHashMap<>();
            select(c, "SELECT counter_name, counter_value FROM " + sql.counters, "counter_name", userId)
                    .forEach((name, value) -> {
                        if (UserMatch.ownsTagged(name, userId)) {
                            out.put(name, value);
                        }
                    });
            return out;
        });
    }

    @Override
    public long deleteEntries(Collection<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        return transactions.run("deleting a user's counters", true, (c, sql) -> {
            long removed = 0;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.counters + " WHERE counter_name = ?")) {
                for (String name : names) {
                    ps.setString(1, name);
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }

    /** The live rows whose key contains the user id's digits: key to the second column as text. */
    private Map<String, String> select(Connection c, String select, String keyColumn, long userId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(select + " WHERE " + keyColumn
                + " LIKE ? AND (expires_at IS NULL OR expires_at > ?)")) {
            ps.setString(1, "%" + userId + "%");
            ps.setLong(2, now.getAsLong());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
