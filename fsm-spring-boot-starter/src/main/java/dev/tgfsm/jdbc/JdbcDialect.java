package dev.tgfsm.jdbc;

import java.util.Locale;

import dev.tgfsm.FsmConfigurationException;

/**
 * The databases {@link JdbcFsmStorage} supports. The dialect picks the schema script
 * ({@code schema-<platform>.sql}) and the few statements that differ between databases.
 */
public enum JdbcDialect {

    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql", true, " FOR UPDATE"),

    /** MariaDB 10.5 or later, and MySQL 8 (InnoDB). */
    MARIADB("mariadb", false, " FOR UPDATE"),

    /** SQLite 3.35 or later, in a file (one connection's in-memory database is not supported). */
    SQLITE("sqlite", true, ""),

    /** H2 2.x. */
    H2("h2", false, " FOR UPDATE");

    private final String platform;

    private final boolean onConflict;

    private final String forUpdate;

    JdbcDialect(String platform, boolean onConflict, String forUpdate) {
        this.platform = platform;
        this.onConflict = onConflict;
        this.forUpdate = forUpdate;
    }

    /**
     * Returns the platform name used in the schema scripts' file names.
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
