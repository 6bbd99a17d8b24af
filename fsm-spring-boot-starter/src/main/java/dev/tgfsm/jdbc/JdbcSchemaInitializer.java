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

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;

/**
 * Creates or drops the tables of {@link JdbcFsmStorage} by running the schema scripts shipped in the
 * jar, {@code dev/tgfsm/jdbc/schema-<platform>.sql} and {@code schema-drop-<platform>.sql}, with the
 * default prefix {@value JdbcFsmStorage#DEFAULT_TABLE_PREFIX} replaced by the configured one. The scripts
 * use {@code IF NOT EXISTS}, so initializing twice is harmless; they also work as Flyway or Liquibase
 * migrations as they are.
 */
public final class JdbcSchemaInitializer {

    private static final String LOCATION = "/dev/tgfsm/jdbc/";

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
     * Returns the class-path location of a schema script.
     *
     * @param dialect the database
     * @param drop {@code true} for the script that drops the tables
     * @return for example {@code dev/tgfsm/jdbc/schema-postgresql.sql}
     */
    public static String scriptLocation(JdbcDialect dialect, boolean drop) {
        return LOCATION.substring(1) + (drop ? "schema-drop-" : "schema-") + dialect.platform() + ".sql";
    }

    /**
     * Creates the tables and indexes that do not exist yet.
     */
    public void initialize() {
        run(false);
    }

    /**
     * Drops the tables.
     */
    public void drop() {
        run(true);
    }

    private void run(boolean drop) {
        try (Connection connection = dataSource.getConnection()) {
            JdbcDialect target = dialect != null ? dialect
                    : JdbcDialect.fromProductName(connection.getMetaData().getDatabaseProductName());
            for (String statement : statements(target, drop)) {
                try (Statement st = connection.createStatement()) {
                    st.execute(statement);
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        catch (SQLException ex) {
            throw JdbcTransactions.translate((drop ? "dropping" : "creating") + " the " + tablePrefix + "* tables", ex);
        }
    }

    /**
     * Returns the statements of a script with the prefix substituted.
     *
     * @param target the database
     * @param drop whether to read the drop script
     * @return the statements, comments removed
     */
    List<String> statements(JdbcDialect target, boolean drop) {
        String name = scriptLocation(target, drop);
        String script;
        try (InputStream in = JdbcSchemaInitializer.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new FsmConfigurationException("The schema script " + name + " is missing from the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new FsmConfigurationException("Cannot read the schema script " + name + ": " + ex.getMessage());
        }
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip().replace(JdbcFsmStorage.DEFAULT_TABLE_PREFIX, tablePrefix));
            }
        }
        return statements;
    }
}
