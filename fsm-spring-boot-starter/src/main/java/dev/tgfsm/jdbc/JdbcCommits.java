package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.WriteBatch;

/**
 * The commit path of {@link JdbcFsmStorage}: a batch's records written version-checked, its
 * lifetime slid over the conversation's other records, its deadline change and its lock release,
 * folded into as few statements as the dialect allows ({@link JdbcFolds}).
 */
final class JdbcCommits {

    /**
     * The most batches {@link #saveEach} writes in one transaction: each has a savepoint, and
     * PostgreSQL keeps up to 64 subtransactions of a transaction in shared memory, beyond which
     * every session's visibility checks slow down.
     */
    static final int MAX_TOGETHER = 50;

    private static final String SQLITE_SAVEPOINT = "tgfsm_batch";

    private final JdbcTransactions transactions;

    private final JdbcRecords records;

    private final KeyRenderer renderer;

    private final JdbcDeadlines deadlines;

    JdbcCommits(JdbcTransactions transactions, JdbcRecords records, KeyRenderer renderer, JdbcDeadlines deadlines) {
        this.transactions = transactions;
        this.records = records;
        this.renderer = renderer;
        this.deadlines = deadlines;
    }

    private JdbcDialect dialect() {
        JdbcDialect known = transactions.knownDialect();
        return known != null ? known : transactions.dialect();
    }

    /** Writes one batch; see {@link JdbcFsmStorage#save}. */
    void save(WriteBatch batch) {
        Commit commit = commit(batch);
        try {
            transactions.run("saving records", commit.transactional, commit::write);
        }
        catch (FsmConflictException ex) {
            commit.releaseAfterConflict();
            throw ex;
        }
    }

    /**
     * Writes the batches of several conversations in one transaction, all or nothing; a lock one of
     * them releases stays held when the transaction is rolled back (a conflict). See
     * {@link JdbcFsmStorage#saveTogether}.
     */
    void saveTogether(List<WriteBatch> batches) {
        WriteBatch.checkTogether(batches);
        List<Commit> commits = new ArrayList<>(batches.size());
        for (WriteBatch batch : batches) {
            commits.add(commit(batch));
        }
        transactions.run("saving the records of several conversations together", true, (c, sql) -> {
            for (Commit commit : commits) {
                commit.write(c, sql);
            }
            return null;
        });
    }

    /**
     * Writes the batches that release no lock in transactions of up to {@value #MAX_TOGETHER}, the
     * others one by one through {@code single}; see {@link JdbcFsmStorage#saveEach}. Each of several
     * batches is written after a savepoint of its own (a batch alone needs none: no statement more than
     * {@link JdbcFsmStorage#save}): a batch that conflicts is rolled back to it and reported,
     * and the transaction goes on with the next, so every batch's statements run once, however many
     * conflict. (Rolling the whole transaction back and writing the rest again for each conflict made
     * the outbox's acknowledgements of busy conversations cost a transaction per conflict, holding the
     * rows of every batch meanwhile: seconds behind a balancer, long enough for another instance to
     * send the acknowledged calls again.) A batch that fails otherwise is reported, and the others
     * written again in a new transaction.
     */
    List<RuntimeException> saveEach(List<WriteBatch> batches, Consumer<WriteBatch> single) {
        List<RuntimeException> failures = new ArrayList<>(batches.size());
        List<Integer> together = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            failures.add(null);
            if (batches.get(i).lockKey() == null) {
                together.add(i);
            }
            else {
                failures.set(i, saveOne(batches.get(i), single));
            }
        }
        for (int from = 0; from < together.size(); from += MAX_TOGETHER) {
            writeTogether(batches, new ArrayList<>(together.subList(from, Math.min(from + MAX_TOGETHER,
                    together.size()))), failures);
        }
        return failures;
    }

    /** Writes the given batches in one transaction, each after a savepoint; see {@link #saveEach}. */
    private void writeTogether(List<WriteBatch> batches, List<Integer> together, List<RuntimeException> failures) {
        // rows in one order whoever writes them together, so that two instances' transactions do not deadlock
        together.sort(Comparator.comparing(i -> firstKey(batches.get(i))));
        while (!together.isEmpty()) {
            List<Commit> commits = new ArrayList<>(together.size());
            for (int i : together) {
                commits.add(commit(batches.get(i)));
            }
            int[] current = {-1};
            Map<Integer, FsmConflictException> conflicts = new HashMap<>();
            try {
                transactions.run("saving the records of several conversations", true, (c, sql) -> {
                    conflicts.clear(); // a deadlock runs the whole transaction again
                    // one batch alone needs no savepoint: its conflict rolls the whole transaction back
                    boolean alone = commits.size() == 1;
                    for (int i = 0; i < commits.size(); i++) {
                        current[0] = i;
                        @Nullable
                        Object savepoint = alone ? null : savepoint(c, sql.dialect);
                        try {
                            commits.get(i).write(c, sql);
                        }
                        catch (FsmConflictException ex) {
                            if (savepoint == null) {
                                throw ex;
                            }
                            rollBackTo(c, savepoint);
                            conflicts.put(i, ex);
                        }
                    }
                    current[0] = -1;
                    return null;
                });
                conflicts.forEach((i, ex) -> failures.set(together.get(i), ex));
                return;
            }
            catch (RuntimeException ex) {
                if (current[0] < 0 || ex instanceof StorageUnavailableException) {
                    // not one batch's fault: the store failed, or the commit did
                    for (int i : together) {
                        failures.set(i, ex);
                    }
                    return;
                }
                failures.set(together.remove(current[0]).intValue(), ex);
            }
        }
    }

    private String firstKey(WriteBatch batch) {
        return batch.writes().isEmpty() ? "" : renderer.canonical(batch.writes().get(0).key());
    }

    /**
     * Marks the point a batch that conflicts is rolled back to: a JDBC savepoint, or on SQLite, whose
     * driver would leave auto-commit mode for one, the statement.
     */
    private static Object savepoint(Connection c, JdbcDialect dialect) throws SQLException {
        if (dialect == JdbcDialect.SQLITE) {
            try (Statement st = c.createStatement()) {
                st.execute("SAVEPOINT " + SQLITE_SAVEPOINT);
            }
            return SQLITE_SAVEPOINT;
        }
        return c.setSavepoint();
    }

    private static void rollBackTo(Connection c, Object savepoint) throws SQLException {
        if (savepoint instanceof Savepoint jdbc) {
            c.rollback(jdbc);
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("ROLLBACK TO " + savepoint);
        }
    }

    private static @Nullable RuntimeException saveOne(WriteBatch batch, Consumer<WriteBatch> single) {
        try {
            single.accept(batch);
            return null;
        }
        catch (RuntimeException ex) {
            return ex;
        }
    }

    private Commit commit(WriteBatch batch) {
        List<RecordWrite> writes = batch.writes();
        List<JdbcRecords.Encoded> encoded = new ArrayList<>(writes.size());
        for (RecordWrite write : writes) {
            String key = renderer.canonical(write.key());
            encoded.add(write.isDelete() ? new JdbcRecords.Encoded(key, null, null, null)
                    : records.encode(key, write.record()));
        }
        String lockKey = batch.lockKey() == null ? null : renderer.conversation(batch.lockKey());
        JdbcDialect dialect = dialect();
        boolean folded = JdbcFolds.commits(dialect, writes, lockKey != null);
        return new Commit(batch, encoded, lockKey, records.now(), dialect, folded);
    }

    /** One batch prepared for writing: its encoded records and how the dialect writes them. */
    private final class Commit {

        private final WriteBatch batch;

        private final List<RecordWrite> writes;

        private final List<JdbcRecords.Encoded> encoded;

        private final @Nullable String lockKey;

        private final long now;

        private final JdbcDialect dialect;

        private final boolean folded;

        private final @Nullable Long lifetime;

        private final @Nullable String conversation;

        private final int carrier;

        private final boolean slidesApart;

        private final boolean transactional;

        Commit(WriteBatch batch, List<JdbcRecords.Encoded> encoded, @Nullable String lockKey, long now,
                JdbcDialect dialect, boolean folded) {
            this.batch = batch;
            this.writes = batch.writes();
            this.encoded = encoded;
            this.lockKey = lockKey;
            this.now = now;
            this.dialect = dialect;
            this.folded = folded;
            DeadlineChange deadline = batch.deadline();
            this.lifetime = JdbcLifetime.expiry(writes, now);
            this.conversation = lifetime == null ? null : renderer.conversation(writes.get(0).key());
            // unfolded: the first update of an existing record carries its siblings' new expiry (MariaDB: a
            // joined update; SQLite: UPDATE ... RETURNING); elsewhere the siblings take one more statement,
            // spared to a commit that only creates records
            this.carrier = lifetime == null || folded ? -1 : JdbcLifetime.carrier(dialect, writes);
            this.slidesApart = lifetime != null && !folded && carrier < 0
                    && writes.stream().anyMatch(w -> !w.isDelete() && w.expectedVersion() > 0);
            this.transactional = slidesApart
                    || (folded ? JdbcFolds.commitNeedsTransaction(dialect, writes.size(), deadline != null)
                            : writes.size() > 1 || (lockKey != null && !writes.isEmpty())
                                    || (deadline != null && !writes.isEmpty()));
        }

        @Nullable
        Void write(Connection c, JdbcSql sql) throws SQLException {
            DeadlineChange deadline = batch.deadline();
            if (folded) {
                int failed = JdbcFolds.commit(c, sql, writes, encoded, now,
                        deadline == null ? null : renderer.canonical(deadline.key()),
                        deadline == null || deadline.isCancel() ? null : deadline.at().toEpochMilli(), lockKey,
                        lockKey == null ? null : batch.release().token(), conversation, lifetime);
                if (failed >= 0) {
                    throw conflict(c, sql, writes.get(failed), encoded.get(failed).key(), now);
                }
                return null;
            }
            for (int i = 0; i < writes.size(); i++) {
                if (i != carrier) {
                    apply(c, sql, writes.get(i), encoded.get(i), now);
                    continue;
                }
                RecordWrite write = writes.get(i);
                List<String> written = new ArrayList<>(encoded.size());
                encoded.forEach(e -> written.add(e.key()));
                boolean applied = dialect == JdbcDialect.MARIADB
                        ? JdbcFolds.updateWithSiblings(c, sql, write, encoded.get(i), now, conversation, written,
                                lifetime)
                        : JdbcLifetime.updateWithSiblings(c, sql, write, encoded.get(i), now, conversation, written,
                                lifetime);
                if (!applied) {
                    throw conflict(c, sql, write, encoded.get(i).key(), now);
                }
            }
            if (slidesApart) {
                List<String> written = new ArrayList<>(encoded.size());
                encoded.forEach(e -> written.add(e.key()));
                JdbcLifetime.slide(c, sql, conversation, written, lifetime, now);
            }
            if (deadline != null) {
                deadlines.apply(c, sql, deadline);
            }
            if (lockKey != null) {
                JdbcLocks.release(c, sql, lockKey, batch.release());
            }
            return null;
        }

        /** Releases the lock after a conflict, unless the failed statement released it already. */
        void releaseAfterConflict() {
            String held = lockKey;
            if (held != null && !(folded && JdbcFolds.releasesOnConflict(dialect, transactional))) {
                transactions.run("releasing a lock", false,
                        (c, sql) -> JdbcLocks.release(c, sql, held, batch.release()));
            }
        }
    }

    private void apply(Connection c, JdbcSql sql, RecordWrite write, JdbcRecords.Encoded record, long now)
            throws SQLException {
        long expected = write.expectedVersion();
        boolean written;
        if (write.isDelete()) {
            written = expected == 0 ? JdbcRows.version(c, sql, record.key(), now) == 0
                    : JdbcRows.delete(c, sql, record.key(), expected, now);
        }
        else {
            written = JdbcRows.put(c, sql, record, expected, now, JdbcRecords.expiry(now, write.ttl()));
        }
        if (!written) {
            throw conflict(c, sql, write, record.key(), now);
        }
    }

    private static FsmConflictException conflict(Connection c, JdbcSql sql, RecordWrite write, String key, long now)
            throws SQLException {
        return new FsmConflictException(write.key(), write.expectedVersion(), JdbcRows.version(c, sql, key, now));
    }
}
