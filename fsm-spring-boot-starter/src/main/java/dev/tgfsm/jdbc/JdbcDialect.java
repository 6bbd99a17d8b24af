package dev.tgfsm.jdbc;

import java.util.Locale;

import dev.tgfsm.FsmConfigurationException;

/**
 * The databases {@link JdbcFsmStorage} supports. The dialect picks the schema script
 * ({@code db/tgfsm/migration/<platform>}) and the few statements that differ between databases.
 */
public enum JdbcDialect {

    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql", true, " FOR UPDATE", "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)",
            false),

    /** MariaDB 10.5 or later, and MySQL 8 (InnoDB). */
    MARIADB("mariadb", false, " FOR UPDATE",
            "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000)", false),

    /**
     * SQLite 3.35 or later, in a file (one connection's in-memory database is not supported). SQLite
     * runs inside the application, so the application's clock is the database's clock.
     */
    SQLITE("sqlite", true, "", "?", true),

    /** H2 2.x. */
    H2("h2", false, " FOR UPDATE",
            "DATEDIFF(MILLISECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', CURRENT_TIMESTAMP)", true);

    private final String platform;

    private final boolean onConflict;

    private final String forUpdate;

    private final String leaseClock;

    private final boolean inProcess;

    JdbcDialect(String platform, boolean onConflict, String forUpdate, String leaseClock, boolean inProcess) {
        this.platform = platform;
        this.onConflict = onConflict;
        this.forUpdate = forUpdate;
        this.leaseClock = leaseClock;
        this.inProcess = inProcess;
    }

    /**
     * Returns the platform name, the folder of its migrations under {@code db/tgfsm/migration}.
     *
     * @return for example {@code postgresql}
     */
    public String platform() {
        return platform;
    }

    /**
     * Tells whether the database has {@code INSERT ... ON CONFLICT ... DO UPDATE ... WHERE} with
     * {@code RETURNING}.
     */
    boolean onConflict() {
        return onConflict;
    }

    /**
     * Tells whether the database normally runs inside the application's process (SQLite, H2), so that
     * a single application instance uses it and conversations need no cross-instance lock by default.
     *
     * @return {@code true} for SQLite and H2
     */
    public boolean inProcess() {
        return inProcess;
    }

    /**
     * The SQL expression for the database's current time in epoch milliseconds, by which lease locks
     * are judged; {@code ?} where the storage's clock is passed as a parameter instead (SQLite, whose
     * clock is the application's).
     */
    String leaseClock() {
        return leaseClock;
    }

    /**
     * Tells whether {@link #leaseClock()} is a parameter to bind with the storage's clock.
     */
    boolean leaseClockIsParameter() {
        return "?".equals(leaseClock);
    }

    /**
     * The suffix that makes a select take row locks, empty where writes are serialised anyway.
     */
    String forUpdate() {
        return forUpdate;
    }

    /**
     * Finds the dialect of a database from the product name its driver reports.
     *
     * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
     * @return the dialect
     * @throws FsmConfigurationException if the database is not supported
     */
    public static JdbcDialect fromProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new FsmConfigurationException("The JDBC storage does not support the database '" + productName
                + "'; use PostgreSQL, MariaDB, MySQL, SQLite or H2, or set tgfsm.storage.type to redis or memory");
    }
}
