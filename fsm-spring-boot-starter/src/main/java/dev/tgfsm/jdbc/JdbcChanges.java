package dev.tgfsm.jdbc;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.storage.FsmRecord;

/**
 * The one-record changes of {@link JdbcFsmStorage} made outside a unit of work, each in a
 * transaction of its own: a change read under a row lock ({@code SELECT ... FOR UPDATE}) and
 * written with a version check, and a compare-and-set of the state in one conditional statement.
 * A lost race on a new record starts the transaction again ({@link JdbcTransactions.Retry}).
 */
final class JdbcChanges {

    private final JdbcTransactions transactions;

    private final JdbcRecords records;

    JdbcChanges(JdbcTransactions transactions, JdbcRecords records) {
        this.transactions = transactions;
        this.records = records;
    }

    /** Changes the record of a rendered key; see {@link JdbcFsmStorage#change}. */
    FsmRecord change(String text, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        return transactions.run("changing a record", true, (c, sql) -> {
            long now = records.now();
            FsmRecord current = JdbcRows.selectForUpdate(c, sql, records, text, now);
            FsmRecord next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next == null) {
                if (current.exists() && !JdbcRows.delete(c, sql, text, current.version(), now)) {
                    throw new JdbcTransactions.Retry();
                }
                return FsmRecord.EMPTY;
            }
            if (!JdbcRows.put(c, sql, records.encode(text, next), current.version(), now,
                    JdbcRecords.expiry(now, ttl))) {
                throw new JdbcTransactions.Retry();
            }
            Instant stamp = Instant.ofEpochMilli(now);
            return new FsmRecord(next.state(), next.data(), next.meta(), current.version() + 1,
                    current.exists() ? current.createdAt() : stamp, stamp);
        });
    }

    /**
     * Sets the state of a rendered key when it is the expected one (a state different from the new
     * one); see {@link JdbcFsmStorage#compareAndSet}.
     */
    boolean compareAndSet(String text, @Nullable String expectedState, @Nullable String newState,
            @Nullable Duration ttl) {
        return transactions.run("comparing and setting a state", expectedState == null, (c, sql) -> {
            long now = records.now();
            Long expiresAt = JdbcRecords.expiry(now, ttl);
            String statement = expectedState == null ? sql.setStateWhenNone : sql.compareAndSetState;
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, newState);
                ps.setLong(2, now);
                JdbcRecords.setNullableLong(ps, 3, expiresAt);
                ps.setString(4, text);
                int i = 5;
                if (expectedState != null) {
                    ps.setString(i++, expectedState);
                }
                ps.setLong(i, now);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            if (expectedState != null) {
                return false;
            }
            if (JdbcRows.insert(c, sql, records.encode(text, FsmRecord.of(newState, Map.of())), now, expiresAt)) {
                return true;
            }
            if (JdbcRows.version(c, sql, text, now) > 0 && JdbcRows.state(c, sql, text, now) != null) {
                return false;
            }
            throw new JdbcTransactions.Retry();
        });
    }
}
