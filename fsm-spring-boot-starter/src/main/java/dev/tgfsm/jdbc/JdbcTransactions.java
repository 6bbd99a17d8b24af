package dev.tgfsm.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;
import dev.tgfsm.storage.StorageBusyException;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Runs units of work on a connection of the storage's {@link DataSource}, in auto-commit mode or in
 * one transaction, and turns driver failures into tgfsm exceptions.
 *
 * <p>Transactions that lose a deadlock or a lock wait are rolled back and run again, up to
 * {@value #MAX_ATTEMPTS} times; then {@link StorageBusyException}, which the dispatcher retries after a
 * back-off (an update is never acknowledged for a store that was only busy). On SQLite every
 * unit of work of one database file runs under one in-process lock, transactions begin with
 * {@code BEGIN IMMEDIATE}, and each connection gets a busy timeout, so {@code SQLITE_BUSY} never
 * reaches a caller. The dialect is detected from the first connection unless given.
 */
final class JdbcTransactions {

    /** A unit of work on a connection. */
    @FunctionalInterface
    interface Work<T> {

        T run(Connection connection, JdbcSql sql) throws SQLException;
    }

    /** Thrown by a unit of work to have its transaction rolled back and run again. */
    static final class Retry extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Retry() {
            super(null, null, false, false);
        }
    }

    private static final int MAX_ATTEMPTS = 100;

    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    /** SQLite's primary result code for a lock it did not get (the low byte of extended codes). */
    private static final int SQLITE_BUSY = 5;

    private static final Map<String, ReentrantLock> SQLITE_FILES = new ConcurrentHashMap<>();

    private final DataSource dataSource;

    private final String prefix;

    private final Map<Connection, Boolean> preparedSqliteConnections = new WeakHashMap<>();

    private volatile @Nullable JdbcSql sql;

    private volatile @Nullable ReentrantLock fileLock;

    JdbcTransactions(DataSource dataSource, String prefix, @Nullable JdbcDialect dialect) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.sql = dialect == null || dialect == JdbcDialect.SQLITE ? null : new JdbcSql(dialect, prefix);
    }

    /**
     * Returns the dialect, detecting it if no connection has been made yet.
     */
    JdbcDialect dialect() {
        return run("detecting the database", false, (c, s) -> s.dialect);
    }

    /**
     * Returns the dialect if known without connecting, else {@code null}.
     */
    @Nullable
    JdbcDialect knownDialect() {
        JdbcSql known = sql;
        return known == null ? null : known.dialect;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs work once on one connection.
     *
     * @param operation what is done, for error messages
     * @param transactional whether to run it in one transaction
     * @param work the work
     */
    <T> T run(String operation, boolean transactional, Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                // a pool handing out connections in manual-commit mode gets them back that way
                boolean manualCommit = !connection.getAutoCommit();
                if (manualCommit) {
                    connection.setAutoCommit(true);
                }
                JdbcSql statements = prepare(connection);
                ReentrantLock lock = fileLock;
                if (lock != null) {
                    lock.lock();
                }
                try {
                    return transactional ? inTransaction(connection, statements, work)
                            : work.run(connection, statements);
                }
                finally {
                    if (lock != null) {
                        lock.unlock();
                    }
                    if (manualCommit) {
                        restoreAutoCommit(connection, false);
                    }
                }
            }
            catch (Retry retry) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StorageBusyException("Gave up " + operation + " after " + attempt
                            + " attempts, each lost to a concurrent writer; nothing was written", null);
                }
            }
            catch (FsmException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                if (isConnectionFailure(ex)) {
                    throw translate(operation, ex);
                }
                throw ex;
            }
            catch (SQLException ex) {
                if (!isRetryable(ex)) {
                    throw translate(operation, ex);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StorageBusyException("Gave up " + operation + " after " + attempt
                            + " attempts, each lost to a deadlock or a row-lock wait; nothing was written: "
                            + ex.getMessage(), ex);
                }
                // lost a deadlock or a lock wait: back off a little, at random, before running it again
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, 50_000L * Math.min(attempt, 20)));
            }
        }
    }

    private <T> T inTransaction(Connection connection, JdbcSql statements, Work<T> work) throws SQLException {
        boolean sqlite = statements.dialect == JdbcDialect.SQLITE;
        if (sqlite) {
            execute(connection, "BEGIN IMMEDIATE");
        }
        else {
            connection.setAutoCommit(false);
        }
        boolean done = false;
        try {
            T result = work.run(connection, statements);
            if (sqlite) {
                execute(connection, "COMMIT");
            }
            else {
                connection.commit();
            }
            done = true;
            return result;
        }
        finally {
            if (!done) {
                rollbackQuietly(connection, sqlite);
            }
            if (!sqlite) {
                restoreAutoCommit(connection, true);
            }
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        }
        catch (SQLException ex) {
            // the connection is broken; the pool will discard it
        }
    }

    private static void rollbackQuietly(Connection connection, boolean sqlite) {
        try {
            if (sqlite) {
                execute(connection, "ROLLBACK");
            }
            else {
                connection.rollback();
            }
        }
        catch (SQLException ex) {
            // nothing more to undo on a broken connection
        }
    }

    private JdbcSql prepare(Connection connection) throws SQLException {
        JdbcSql statements = sql;
        if (statements == null) {
            JdbcDialect dialect = JdbcDialect.fromProductName(connection.getMetaData().getDatabaseProductName());
            if (dialect == JdbcDialect.SQLITE) {
                String url = connection.getMetaData().getURL();
                ReentrantLock lock = SQLITE_FILES.computeIfAbsent(url, u -> new ReentrantLock());
                busyTimeout(connection);
                lock.lock();
                try {
                    walMode(connection);
                }
                finally {
                    lock.unlock();
                }
                fileLock = lock;
            }
            statements = new JdbcSql(dialect, prefix);
            sql = statements;
        }
        if (statements.dialect == JdbcDialect.SQLITE) {
            busyTimeout(connection);
        }
        return statements;
    }

    /** Gives an SQLite connection the busy timeout, once. */
    private void busyTimeout(Connection connection) throws SQLException {
        Connection raw = connection.unwrap(Connection.class);
        synchronized (preparedSqliteConnections) {
            if (preparedSqliteConnections.put(raw, Boolean.TRUE) == null) {
                execute(connection, "PRAGMA busy_timeout = " + SQLITE_BUSY_TIMEOUT_MILLIS);
            }
        }
    }

    /**
     * Switches the file to WAL (a no-op once it is). The switch upgrades a read to a write, which
     * SQLite does not wait for: a writer on another connection (another instance's, another
     * process's) makes it fail at once with {@code SQLITE_BUSY}. It is tried again until that writer
     * is done, within the busy timeout; this process's own writers are kept out by the file's lock.
     */
    private static void walMode(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SQLITE_BUSY_TIMEOUT_MILLIS);
        while (true) {
            try {
                execute(connection, "PRAGMA journal_mode=WAL");
                return;
            }
            catch (SQLException ex) {
                if ((ex.getErrorCode() & 0xff) != SQLITE_BUSY || System.nanoTime() > deadline) {
                    throw ex;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(statement);
        }
    }

    private static boolean isRetryable(SQLException ex) {
        String state = ex.getSQLState();
        int code = ex.getErrorCode();
        // serialization failure, deadlock, a row-lock wait that timed out (H2, PostgreSQL's lock_timeout, InnoDB)
        return "40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state) || "55P03".equals(state)
                || code == 1213 || code == 1205 || code == 50200;
    }

    /**
     * Tells whether an exception reports a duplicate key.
     */
    static boolean isDuplicateKey(SQLException ex) {
        String state = ex.getSQLState();
        int code = ex.getErrorCode();
        return "23505".equals(state) || code == 1062 || code == 1555 || code == 2067;
    }

    /**
     * Turns a driver exception into a tgfsm exception: connection failures become
     * {@link StorageUnavailableException}.
     */
    static RuntimeException translate(String operation, Throwable ex) {
        if (isConnectionFailure(ex)) {
            return new StorageUnavailableException("The JDBC storage is unavailable while " + operation + ": "
                    + ex.getMessage(), ex);
        }
        if (isStatementTimeout(ex)) {
            return new StorageUnavailableException("The JDBC storage did not answer in time while " + operation
                    + ": " + ex.getMessage(), ex);
        }
        return new FsmException("The JDBC storage failed while " + operation + ": " + ex.getMessage(), ex);
    }

    /**
     * Tells whether a statement was cancelled for taking too long: the driver's query timeout,
     * PostgreSQL's {@code statement_timeout} ({@code 57014}), MariaDB's {@code max_statement_time}
     * (1969) or MySQL's {@code max_execution_time} (3024). The store did not answer in time, as
     * {@link StorageUnavailableException} says, rather than refuse the statement.
     */
    static boolean isStatementTimeout(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && ("57014".equals(sql.getSQLState()) || sql.getErrorCode() == 1969
                            || sql.getErrorCode() == 3024)) {
                return true;
            }
        }
        return false;
    }

    static boolean isConnectionFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sqlException && sqlException.getSQLState() != null
                    && sqlException.getSQLState().startsWith("08")) {
                return true;
            }
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (type.getName().equals("org.springframework.dao.DataAccessResourceFailureException")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
