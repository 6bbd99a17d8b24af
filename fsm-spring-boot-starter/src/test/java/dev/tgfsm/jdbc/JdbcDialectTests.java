package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.FsmException;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Dialect detection, the shipped migrations and the translation of driver failures.
 */
class JdbcDialectTests {

    @Test
    void detectsEverySupportedDatabaseFromItsProductName() {
        assertThat(JdbcDialect.fromProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.fromProductName("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.fromProductName("MySQL")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.fromProductName("SQLite")).isEqualTo(JdbcDialect.SQLITE);
        assertThat(JdbcDialect.fromProductName("H2")).isEqualTo(JdbcDialect.H2);
    }

    @Test
    void unsupportedDatabaseFailsWithAMessageSayingWhatToDo() {
        assertThatThrownBy(() -> JdbcDialect.fromProductName("Oracle")).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("Oracle").hasMessageContaining("tgfsm.storage.type");
    }

    @Test
    void everyPlatformShipsItsMigrationsWithThePrefixAsAPlaceholder() {
        for (JdbcDialect dialect : JdbcDialect.values()) {
            JdbcSchemaInitializer initializer = new JdbcSchemaInitializer(new UnusedDataSource(), "custom_", dialect);
            assertThat(initializer.statements(dialect)).as(dialect.platform()).hasSizeGreaterThanOrEqualTo(4)
                    .allMatch(sql -> !sql.contains("tgfsm_") && !sql.contains("${"))
                    .anyMatch(sql -> sql.contains("custom_records")).anyMatch(sql -> sql.contains("custom_counters"))
                    .anyMatch(sql -> sql.contains("custom_locks")).anyMatch(sql -> sql.contains("custom_deadlines"));
        }
    }

    @Test
    void theInitializerRunsEveryMigrationShippedInEachFolder() throws IOException {
        for (JdbcDialect dialect : JdbcDialect.values()) {
            Resource[] shipped = new PathMatchingResourcePatternResolver()
                    .getResources(JdbcSchemaInitializer.migrationLocation(dialect) + "/*.sql");
            assertThat(Arrays.stream(shipped).map(Resource::getFilename)).as(dialect.platform())
                    .containsExactlyInAnyOrderElementsOf(JdbcSchemaInitializer.MIGRATIONS);
        }
    }

    @Test
    void theLiquibaseChangelogRunsEveryMigrationOfEveryPlatform() throws IOException {
        String changelog = new PathMatchingResourcePatternResolver().getResource(JdbcSchemaInitializer.CHANGELOG)
                .getContentAsString(StandardCharsets.UTF_8);
        for (JdbcDialect dialect : JdbcDialect.values()) {
            for (String migration : JdbcSchemaInitializer.MIGRATIONS) {
                assertThat(changelog).contains("path: db/tgfsm/migration/" + dialect.platform() + "/" + migration);
            }
        }
    }

    @Test
    void connectionFailuresBecomeStorageUnavailable() {
        assertThat(JdbcTransactions.translate("loading", new SQLException("gone", "08006")))
                .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("loading");
        assertThat(JdbcTransactions.translate("loading", new SQLTransientConnectionException("pool timeout")))
                .isInstanceOf(StorageUnavailableException.class);
        assertThat(
                JdbcTransactions.translate("loading", new SQLException("io", "HY000", new ConnectException("refused"))))
                .isInstanceOf(StorageUnavailableException.class);
        assertThat(JdbcTransactions.translate("loading", new SQLException("io", null, new IOException("reset"))))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void otherFailuresStayPlainFsmExceptions() {
        RuntimeException translated = JdbcTransactions.translate("loading",
                new SQLSyntaxErrorException("relation does not exist", "42P01"));

        assertThat(translated).isInstanceOf(FsmException.class).isNotInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("relation does not exist");
    }

    @Test
    void tablePrefixMustBeASafeIdentifier() {
        assertThatThrownBy(() -> new JdbcFsmStorage(new UnusedDataSource(), "x; DROP TABLE y", null,
                dev.tgfsm.storage.StorageConfig.ofDefaults())).isInstanceOf(IllegalArgumentException.class);
    }

    /** A data source that must not be used. */
    private static final class UnusedDataSource extends org.springframework.jdbc.datasource.AbstractDataSource {

        @Override
        public java.sql.Connection getConnection() {
            throw new AssertionError("not used");
        }

        @Override
        public java.sql.Connection getConnection(String username, String password) {
            throw new AssertionError("not used");
        }
    }
}
