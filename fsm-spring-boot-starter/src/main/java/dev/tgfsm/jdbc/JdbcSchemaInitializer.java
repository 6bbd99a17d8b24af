package dev.tgfsm.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;

/**
 * Creates, checks or drops the tables of {@link JdbcFsmStorage}. The tables are defined once, by the
 * versioned migrations shipped in the jar, {@code db/tgfsm/migration/<platform>/V<n>__*.sql}, which Flyway
 * runs as they are ({@value #PREFIX_PLACEHOLDER} as a placeholder) and Liquibase through the changelog
 * {@value #CHANGELOG}. This initializer runs the same files with the placeholder replaced by the configured
 * prefix; every migration only creates what is missing, so initializing twice is harmless.
 */
public final class JdbcSchemaInitializer {

    /** The Flyway placeholder and Liquibase changelog parameter holding the table prefix. */
    public static final String PREFIX_PLACEHOLDER = "tgfsm_table_prefix";

    /** The Liquibase changelog that creates tgfsm's tables on every supported database. */
    public static final String CHANGELOG = "classpath:db/tgfsm/changelog/db.changelog-tgfsm.yaml";

    /** The migrations of every platform's folder, oldest first. */
    static final List<String> MIGRATIONS = List.of("V1__tgfsm.sql");

    /** The tables, without the prefix. */
    static final List<String> TABLES = List.of("records", "counters", "locks", "deadlines");

    private final DataSource dataSource;

    private final String tablePrefix;

    private final @Nullable JdbcDialect dialect;

    /**
     * Creates an initializer.
     *
     * @param dataSource the database
     * @param tablePrefix the prefix of the storage's tables
     * @param dialect the database, or {@code null} to detect it
     */
    public JdbcSchemaInitializer(DataSource dataSource, String tablePrefix, @Nullable JdbcDialect dialect) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.tablePrefix = Objects.requireNonNull(tablePrefix, "tablePrefix must not be null");
        this.dialect = dialect;
    }

    /**
     * Returns the Flyway location of a database's migrations.
     *
     * @param dialect the database
     * @return for example {@code classpath:db/tgfsm/migration/postgresql}
     */
    public static String migrationLocation(JdbcDialect dialect) {
        return "classpath:db/tgfsm/migration/" + dialect.platform();
    }

    /**
     * Returns the Flyway location of the migrations for the database behind a data source, for a Flyway
     * of tgfsm's own beside the application's.
     *
     * @param dataSource the database
     * @return for example {@code classpath:db/tgfsm/migration/postgresql}
     */
    public static String migrationLocation(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return migrationLocation(JdbcDialect.fromProductName(connection.getMetaData().getDatabaseProductName()));
        }
        catch (SQLException ex) {
            throw JdbcTransactions.translate("finding tgfsm's migrations for the database", ex);
        }
    }

    /**
     * Creates the tables and indexes that do not exist yet.
     */
    public void initialize() {
        run("creating", (target) -> statements(target));
    }

    /**
     * Drops the tables.
     */
    public void drop() {
        run("dropping",
                (target) -> TABLES.stream().map((table) -> "DROP TABLE IF EXISTS " + tablePrefix + table).toList());
    }

    /**
     * Checks that every table exists, with one {@code SELECT ... WHERE 1 = 0} per table.
     *
     * @throws FsmConfigurationException naming the first missing table and the ways to create it
     */
    public void verify() {
        try (Connection connection = dataSource.getConnection()) {
            JdbcDialect target = target(connection);
            for (String table : TABLES) {
                try (Statement st = connection.createStatement()) {
                    st.execute(JdbcTables.probe(tablePrefix + table));
                }
                catch (SQLException ex) {
                    throw missing(tablePrefix + table, target, ex);
                }
            }
        }
        catch (SQLException ex) {
            throw JdbcTransactions.translate("checking the " + tablePrefix + "* tables", ex);
        }
    }

    private FsmConfigurationException missing(String table, JdbcDialect target, SQLException ex) {
        return new FsmConfigurationException("tgfsm's table " + table + " cannot be read (" + ex.getMessage().strip()
                + "). tgfsm did not create its tables at start-up (tgfsm.jdbc.initialize-schema), so they must exist"
                + " before it starts.",
                "Create the tables: with Flyway (Spring Boot 4 runs it only with spring-boot-flyway on the class"
                        + " path, and Flyway needs its module for the database, such as flyway-database-postgresql or"
                        + " flyway-mysql), add " + migrationLocation(target)
                        + " to spring.flyway.locations and set spring.flyway.placeholders." + PREFIX_PLACEHOLDER + "="
                        + tablePrefix + "; with Liquibase (spring-boot-liquibase), include " + CHANGELOG
                        + " with the changelog parameter " + PREFIX_PLACEHOLDER + "=" + tablePrefix
                        + "; or set tgfsm.jdbc.initialize-schema=always.");
    }

    private void run(String doing, Function<JdbcDialect, List<String>> script) {
        try (Connection connection = dataSource.getConnection()) {
            for (String statement : script.apply(target(connection))) {
                try (Statement st = connection.createStatement()) {
                    st.execute(statement);
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        catch (SQLException ex) {
            throw JdbcTransactions.translate(doing + " the " + tablePrefix + "* tables", ex);
        }
    }

    private JdbcDialect target(Connection connection) throws SQLException {
        return dialect != null ? dialect
                : JdbcDialect.fromProductName(connection.getMetaData().getDatabaseProductName());
    }

    /**
     * Returns the statements of a database's migrations with the prefix substituted.
     *
     * @param target the database
     * @return the statements, comments removed
     */
    List<String> statements(JdbcDialect target) {
        List<String> statements = new ArrayList<>();
        for (String migration : MIGRATIONS) {
            String name = migrationLocation(target).substring("classpath:".length()) + "/" + migration;
            StringBuilder text = new StringBuilder();
            for (String line : read(name).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    text.append(line).append('\n');
                }
            }
            for (String statement : text.toString().split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip().replace("${" + PREFIX_PLACEHOLDER + "}", tablePrefix));
                }
            }
        }
        return statements;
    }

    private static String read(String name) {
        try (InputStream in = JdbcSchemaInitializer.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new FsmConfigurationException("The migration " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new FsmConfigurationException("Cannot read the migration " + name + ": " + ex.getMessage());
        }
    }
}
