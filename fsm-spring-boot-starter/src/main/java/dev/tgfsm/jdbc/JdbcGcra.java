package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.Throttling;

/**
 * A rate-limit step ({@link Throttling#step}, the generic cell rate algorithm) computed by the
 * database in the statement that loads a conversation's records, on PostgreSQL (a data-modifying
 * {@code WITH}) and H2 (a {@code MERGE} read through {@code FINAL TABLE}): the bucket is checked and
 * booked with the load, one statement instead of a load and a version-checked write.
 *
 * <p>The step is the Java one, in SQL: the stored theoretical arrival time (microseconds, the
 * metadata {@value ThrottleStorage#THROTTLE_META}) or the caller's now if later, plus the increment,
 * admitted unless it runs more than the capacity ahead of now. The caller's now, increment and
 * capacity are parameters (the application's clock, as in Java); the row's times are the
 * storage's clock in milliseconds, as every record write. The bucket is an upsert whose condition
 * reads the row it changes, so concurrent steps serialise on the row (no version check to
 * retry). The database computes only a bucket whose metadata is exactly what Java writes,
 * {@code {"tat":N}}; any other stored bucket (written by hand, corrupt) is left alone and reported
 * as {@link Outcome#unknown()}, and the caller runs the step in Java.
 */
final class JdbcGcra {

    private static final String PREFIX = "{\"" + ThrottleStorage.THROTTLE_META + "\":";

    private JdbcGcra() {
    }

    /**
     * Tells whether the database runs the step: PostgreSQL and H2, when the codec writes a bucket's
     * metadata as {@code {"tat":N}} (checked once per storage by the caller).
     */
    static boolean supports(JdbcDialect dialect) {
        return dialect == JdbcDialect.POSTGRESQL || dialect == JdbcDialect.H2;
    }

    /**
     * Tells whether a codec writes a bucket's metadata in the form the SQL step reads and writes.
     */
    static boolean codecMatches(JdbcRecords records) {
        long probe = 1_234_567_890_123L;
        JdbcRecords.Encoded encoded = records.encode("probe",
                FsmRecord.EMPTY.withMeta(Map.of(ThrottleStorage.THROTTLE_META, probe)));
        return (PREFIX + probe + "}").equals(encoded.meta()) && encoded.state() == null;
    }

    /**
     * The step's arguments, in the units of the stored bucket.
     *
     * @param bucket the bucket's canonical key
     * @param nowMicros the caller's now
     * @param increment the emission interval in microseconds
     * @param capacity the capacity in microseconds, at least the increment
     * @param nowMillis the storage's now, for the row's times
     * @param expiresAt when the bucket's row expires
     * @param emptyData the data column of a new bucket
     */
    record Step(String bucket, long nowMicros, long increment, long capacity, long nowMillis, long expiresAt,
            String emptyData) {
    }

    /**
     * What the statement found.
     *
     * @param result the step's decision, or {@code null} when the stored bucket is not of the form
     *        the database computes (nothing was written; the caller runs the step in Java)
     * @param found the live records loaded, by canonical key
     */
    record Outcome(@Nullable ThrottleResult result, Map<String, FsmRecord> found) {
    }

    /**
     * Runs the step and loads records in one statement.
     *
     * @param keys the canonical keys of the records to load, possibly empty
     * @throws JdbcTransactions.Retry if the bucket changed between the statement's read and its write
     */
    static Outcome stepAndLoad(Connection c, JdbcSql sql, JdbcRecords records, Step step, Collection<String> keys)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String statement = statement(sql, step, keys, parameters);
        Map<String, FsmRecord> found = new HashMap<>();
        String written = null;
        String seen = null;
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            JdbcRows.bind(ps, parameters.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    if (key != null) {
                        found.put(key, records.read(rs));
                    }
                    else {
                        written = rs.getString(2);
                        seen = rs.getString(3);
                    }
                }
            }
        }
        catch (SQLException ex) {
            if (JdbcTransactions.isDuplicateKey(ex)) {
                throw new JdbcTransactions.Retry(); // H2: a concurrent step inserted the missing bucket first
            }
            throw ex;
        }
        return new Outcome(decide(step, written, seen), found);
    }

    /**
     * Reads the decision: admitted when the bucket was written (its new arrival time), else refused
     * from the bucket as the statement read it. A bucket read as admitting but not written changed
     * in between: the statement runs again.
     */
    private static @Nullable ThrottleResult decide(Step step, @Nullable String written, @Nullable String seen) {
        if (written != null) {
            return new ThrottleResult(true, Throttling.instant(arrival(written)));
        }
        if (seen != null && !seen.matches("\\{\"" + ThrottleStorage.THROTTLE_META + "\":-?[0-9]{1,18}\\}")) {
            return null;
        }
        long tat = seen == null ? step.nowMicros() : Math.max(arrival(seen), step.nowMicros());
        if (tat + step.increment() - step.nowMicros() <= step.capacity()) {
            throw new JdbcTransactions.Retry(); // it admitted when read, then someone else booked it first
        }
        return new ThrottleResult(false, Throttling.instant(tat));
    }

    private static long arrival(String meta) {
        return Long.parseLong(meta.substring(PREFIX.length(), meta.length() - 1));
    }

    private static String statement(JdbcSql sql, Step step, Collection<String> keys, List<Object> parameters) {
        boolean postgres = sql.dialect == JdbcDialect.POSTGRESQL;
        String r = sql.records;
        String target = postgres ? r : "t";
        String expired = target + ".expires_at IS NOT NULL AND " + target + ".expires_at <= ?";
        String simple = postgres ? target + ".meta ~ '^\\{\"tat\":-?[0-9]{1,18}\\}$'"
                : "REGEXP_LIKE(" + target + ".meta, '^\\{\"tat\":-?[0-9]{1,18}\\}$')";
        String stored = "CASE WHEN " + simple + " THEN GREATEST(CAST(SUBSTRING(" + target + ".meta, 8, LENGTH("
                + target + ".meta) - 8) AS BIGINT), CAST(? AS BIGINT)) END";
        String newMeta = "'" + PREFIX + "' || CAST(" + stored + " + CAST(? AS BIGINT) AS VARCHAR(32)) || '}'";
        // the guard: an expired row is replaced like a missing one; a live one is stepped when it admits
        String admits = "(" + expired + " OR " + stored
                + " + CAST(? AS BIGINT) - CAST(? AS BIGINT) <= CAST(? AS BIGINT))";
        String live = "(expires_at IS NULL OR expires_at > ?)";
        String fresh = "'" + PREFIX + "' || CAST(CAST(? AS BIGINT) AS VARCHAR(32)) || '}'";

        StringBuilder sb = new StringBuilder();
        List<Object> upsert = new ArrayList<>();
        String set = "state = CASE WHEN " + expired + " THEN NULL ELSE " + target + ".state END,"
                + " data = CASE WHEN " + expired + " THEN %1$s.d ELSE " + target + ".data END,"
                + " meta = CASE WHEN " + expired + " THEN %1$s.m ELSE " + newMeta + " END,"
                + " version = CASE WHEN " + expired + " THEN 1 ELSE " + target + ".version + 1 END,"
                + " created_at = CASE WHEN " + expired + " THEN %1$s.c ELSE " + target + ".created_at END,"
                + " updated_at = %1$s.c, expires_at = %1$s.e";
        long next = step.nowMicros() + step.increment();
        Object[] setParameters = {step.nowMillis(), step.nowMillis(), step.nowMillis(), step.nowMicros(),
                step.increment(), step.nowMillis(), step.nowMillis()};
        Object[] admitsParameters = {step.nowMillis(), step.nowMicros(), step.increment(), step.nowMicros(),
                step.capacity()};
        if (postgres) {
            sb.append("WITH s AS (SELECT meta FROM ").append(r).append(" WHERE record_key = ? AND ").append(live)
                    .append("), u AS (INSERT INTO ").append(r)
                    .append(" (record_key, state, data, meta, version, created_at, updated_at, expires_at)")
                    .append(" VALUES (?, NULL, ?, ").append(fresh).append(", 1, ?, ?, ?)")
                    .append(" ON CONFLICT (record_key) DO UPDATE SET ")
                    .append(set.replace("%1$s.d", "excluded.data").replace("%1$s.m", "excluded.meta")
                            .replace("%1$s.c", "excluded.updated_at").replace("%1$s.e", "excluded.expires_at"))
                    .append(" WHERE ").append(admits).append(" RETURNING meta) ");
            parameters.add(step.bucket());
            parameters.add(step.nowMillis());
            parameters.add(step.bucket());
            parameters.add(step.emptyData());
            parameters.add(next);
            parameters.add(step.nowMillis());
            parameters.add(step.nowMillis());
            parameters.add(step.expiresAt());
            parameters.addAll(List.of(setParameters));
            parameters.addAll(List.of(admitsParameters));
        }
        else {
            upsert.add(step.bucket());
            upsert.add(step.emptyData());
            upsert.add(next);
            upsert.add(step.nowMillis());
            upsert.add(step.expiresAt());
            upsert.addAll(List.of(admitsParameters));
            upsert.addAll(List.of(setParameters));
        }
        if (!keys.isEmpty()) {
            sb.append("SELECT record_key, state, data, meta, version, created_at, updated_at, expires_at FROM ")
                    .append(r).append(" WHERE record_key IN (");
            int i = 0;
            for (String key : keys) {
                sb.append(i++ == 0 ? "?" : ", ?");
                parameters.add(key);
            }
            sb.append(") AND ").append(live).append(" UNION ALL ");
            parameters.add(step.nowMillis());
        }
        String nulls = ", CAST(NULL AS VARCHAR(16)), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),"
                + " CAST(NULL AS BIGINT)";
        if (postgres) {
            sb.append("SELECT CAST(NULL AS VARCHAR(512)), (SELECT meta FROM u), (SELECT meta FROM s)").append(nulls);
        }
        else {
            sb.append("SELECT CAST(NULL AS VARCHAR(512)), (SELECT meta FROM FINAL TABLE (MERGE INTO ").append(r)
                    .append(" t USING (VALUES (CAST(? AS VARCHAR(512)), CAST(? AS CHARACTER VARYING),")
                    .append(" CAST(").append(fresh).append(" AS CHARACTER VARYING), CAST(? AS BIGINT),")
                    .append(" CAST(? AS BIGINT))) s (k, d, m, c, e) ON t.record_key = s.k")
                    .append(" WHEN MATCHED AND ").append(admits).append(" THEN UPDATE SET ")
                    .append(String.format(set, "s"))
                    .append(" WHEN NOT MATCHED THEN INSERT (record_key, state, data, meta, version, created_at,")
                    .append(" updated_at, expires_at) VALUES (s.k, NULL, s.d, s.m, 1, s.c, s.c, s.e))),")
                    .append(" (SELECT meta FROM ").append(r).append(" WHERE record_key = ? AND ").append(live)
                    .append(')').append(nulls);
            parameters.addAll(upsert);
            parameters.add(step.bucket());
            parameters.add(step.nowMillis());
        }
        return sb.toString();
    }
}
