package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.readme.ReadmeSnippets;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Real Flyway and real Liquibase, run by Spring Boot with the README's YAML, create tgfsm's tables
 * from the migrations shipped in the jar; tgfsm then starts with {@code initialize-schema=never} and
 * saves, loads, locks, counts and claims deadlines on them. Without the tables start-up fails naming
 * one. Every test uses its own table prefix and its own history tables and drops them afterwards; as the
 * shared test database holds other tests' tables, Flyway starts from a baseline at version 0, as it would
 * in an application that adopts Flyway for an existing schema.
 */
abstract class MigrationToolsContract {


    private final String prefix = "mig_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    /**
     * Returns the server under test.
     */
    abstract TestServer server();

    /**
     * Returns the server's dialect.
     */
    abstract JdbcDialect dialect();

    private String platform() {
        return dialect().platform();
    }

    /**
     * Returns a context with one migration tool, configured by a YAML block of the README's section on
     * creating the tables: its values as written, but this test's table prefix and, for MariaDB, the
     * README's PostgreSQL folder replaced by the server's; a tgfsm key of the README that tgfsm does not
     * read fails the start-up.
     */
    private ApplicationContextRunner runner(Class<?> tool, String readmeSnippet) {
        Map<String, String> readme = ReadmeSnippets.yaml(readmeSnippet);
        assertThat(readme).containsEntry("tgfsm.jdbc.initialize-schema", "never");
        List<String> values = new ArrayList<>();
        readme.forEach((key, value) -> values.add(key + "=" + (key.endsWith("tgfsm_table_prefix")
                || key.equals("tgfsm.jdbc.table-prefix") ? prefix : value.replace("/postgresql", "/" + platform()))));
        values.add("tgfsm.jdbc.table-prefix=" + prefix);
        values.add("tgfsm.unknown-properties=fail");
        values.add("spring.datasource.url=" + server().url());
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, tool, FsmAutoConfiguration.class))
                .withPropertyValues(values.toArray(String[]::new));
    }

    @AfterEach
    void dropTables() {
        DataSource database = new DriverManagerDataSource(server().url());
        new JdbcSchemaInitializer(database, prefix, null).drop();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        for (String table : List.of("flyway_history", "changelog", "changelog_lock")) {
            jdbc.execute("DROP TABLE IF EXISTS " + prefix + table);
        }
    }

    @Test
    void flywayCreatesTheTablesTgfsmUses() {
        runner(FlywayAutoConfiguration.class, "flyway")
                .withPropertyValues("spring.flyway.table=" + prefix + "flyway_history", "spring.flyway.baseline-on-migrate=true",
                        "spring.flyway.baseline-version=0")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    worksOnTheMigratedTables(context);
                    assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
                            "SELECT version FROM " + prefix + "flyway_history WHERE type = 'SQL'", String.class))
                            .isEqualTo("1");
                });
    }

    @Test
    void liquibaseCreatesTheTablesTgfsmUses() {
        runner(LiquibaseAutoConfiguration.class, "liquibase")
                .withPropertyValues("spring.liquibase.database-change-log-table=" + prefix + "changelog",
                        "spring.liquibase.database-change-log-lock-table=" + prefix + "changelog_lock")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    worksOnTheMigratedTables(context);
                    assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForList(
                            "SELECT id FROM " + prefix + "changelog", String.class))
                            .singleElement().asString().startsWith("tgfsm-v1-");
                });
    }

    @Test
    void liquibaseRunsTgfsmsChangelogIncludedFromTheApplicationsMasterChangelog(@TempDir Path directory)
            throws IOException {
        String readme = Files.readString(ReadmeSnippets.readme());
        String include = readme.substring(readme.indexOf("`- include: ") + 1);
        Path master = directory.resolve("db.changelog-master.yaml");
        Files.writeString(master, "databaseChangeLog:\n  " + include.substring(0, include.indexOf('`')) + "\n");
        runner(LiquibaseAutoConfiguration.class, "liquibase")
                .withPropertyValues("spring.liquibase.change-log=" + master.toUri(),
                        "spring.liquibase.database-change-log-table=" + prefix + "changelog",
                        "spring.liquibase.database-change-log-lock-table=" + prefix + "changelog_lock")
                .run(this::worksOnTheMigratedTables);
    }

    @Test
    void flywayRefusesTgfsmsV1BesideAnApplicationsOwnV1AsTheReadmeSays() {
        assertThatThrownBy(() -> Flyway.configure().dataSource(new DriverManagerDataSource(server().url()))
                .locations("classpath:db/app-migration", JdbcSchemaInitializer.migrationLocation(dialect()))
                .placeholders(Map.of(JdbcSchemaInitializer.PREFIX_PLACEHOLDER, prefix))
                .table(prefix + "flyway_history").baselineOnMigrate(true).baselineVersion("0").load().migrate())
                .hasMessageContaining("more than one migration with version 1");
    }

    @Test
    void tgfsmsOwnInitializerOverAFlywaySchemaChangesNothing() {
        runner(FlywayAutoConfiguration.class, "flyway")
                .withPropertyValues("spring.flyway.table=" + prefix + "flyway_history", "spring.flyway.baseline-on-migrate=true",
                        "spring.flyway.baseline-version=0", "tgfsm.jdbc.initialize-schema=always")
                .run((context) -> worksOnTheMigratedTables(context));
    }

    @Test
    void withoutTheTablesStartUpFailsNamingTheFirstMissingOneAndHowToCreateIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FsmAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + server().url(), "tgfsm.jdbc.initialize-schema=never",
                        "tgfsm.jdbc.table-prefix=" + prefix)
                .run((context) -> {
                    assertThat(context).hasFailed();
                    Throwable cause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
                    assertThat(cause).isInstanceOf(FsmConfigurationException.class)
                            .hasMessageContaining("tgfsm's table " + prefix + "records cannot be read");
                    assertThat(((FsmConfigurationException) cause).action())
                            .contains("classpath:db/tgfsm/migration/" + platform())
                            .contains("spring.flyway.placeholders.tgfsm_table_prefix=" + prefix)
                            .contains(JdbcSchemaInitializer.CHANGELOG).contains("initialize-schema=always");
                });
    }

    private void worksOnTheMigratedTables(AssertableApplicationContext context) {
        JdbcFsmStorage storage = context.getBean(JdbcFsmStorage.class);
        assertThat(storage.health().up()).as(String.valueOf(storage.health().detail())).isTrue();
        StorageKey key = StorageKey.of(7, 70, 700);
        storage.setState(key, "Form:NAME");
        assertThat(storage.load(key).state()).isEqualTo("Form:NAME");
        Lease lease = Lease.random(Duration.ofSeconds(30));
        LockAttempt attempt = storage.lockAndLoad(key, lease, List.of(key));
        assertThat(attempt.acquired()).isTrue();
        assertThat(attempt.records().get(key).state()).isEqualTo("Form:NAME");
        assertThat(storage.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired()).isFalse();
        assertThat(storage.unlock(key, lease)).isTrue();
        assertThat(storage.increment("visits", 2, null)).isEqualTo(2);
        Instant due = Instant.now().minusSeconds(60);
        storage.scheduleDeadline(key, due);
        assertThat(storage.claimDue(Instant.now(), 10, Duration.ofSeconds(30))).extracting(DueDeadline::key)
                .containsExactly(key);
        new JdbcTemplate(context.getBean(DataSource.class)).execute("DROP TABLE " + prefix + "locks");
        assertThat(storage.health().up()).isFalse();
    }
}
