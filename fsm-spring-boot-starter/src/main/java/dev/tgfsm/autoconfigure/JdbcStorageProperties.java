package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The JDBC backend ({@code tgfsm.jdbc.*}): the names of tgfsm's tables and when they are created.
 */
@ConfigurationProperties("tgfsm.jdbc")
public class JdbcStorageProperties {

    /** The default prefix of SQL table names. */
    public static final String DEFAULT_TABLE_PREFIX = "tgfsm_";

    /** Prefix of the names of tgfsm's tables. */
    private String tablePrefix = DEFAULT_TABLE_PREFIX;

    /**
     * When to create tgfsm's tables at start-up: "embedded" (only for embedded databases: H2,
     * SQLite, HSQLDB, Derby), "always" or "never" (use Flyway or Liquibase with the shipped migrations).
     * When tgfsm does not create them, start-up fails if any of them is missing.
     */
    private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

    /**
     * Returns the table prefix.
     *
     * @return the prefix
     */
    public String getTablePrefix() {
        return tablePrefix;
    }

    /**
     * Sets the table prefix.
     *
     * @param tablePrefix the prefix
     */
    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    /**
     * Returns when the schema is created.
     *
     * @return the mode
     */
    public SchemaInitialization getInitializeSchema() {
        return initializeSchema;
    }

    /**
     * Sets when the schema is created.
     *
     * @param initializeSchema the mode
     */
    public void setInitializeSchema(SchemaInitialization initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    /**
     * When tgfsm creates its SQL tables.
     */
    public enum SchemaInitialization {

        /** Only when the database is embedded (H2, SQLite, HSQLDB, Derby). */
        EMBEDDED,

        /** Always, whatever the database. */
        ALWAYS,

        /** Never: the tables are managed elsewhere. */
        NEVER
    }
}
