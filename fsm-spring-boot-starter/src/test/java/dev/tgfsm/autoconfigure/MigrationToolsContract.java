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
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.readme.ReadmeSnippets;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;

/**
 * Real Flyway and real Liquibase, run by Spring Boot with the README's YAML, create tgfsm's tables
 * from the migrations shipped in the jar; tgfsm then starts with {@code initialize-schema=never} and
 * saves, loads, locks, counts and claims deadlines on them. Without the tables start-up fails naming
 * one. The README's recipe for an application with Flyway migrations of its own runs tgfsm's beside
 * them, each in its own history, once. Every test uses its own table prefix and its own history tables
 * and drops them afterwards; as a shared test database holds other tests' tables, Flyway starts from a
 * baseline at version 0, as it would in an application that adopts Flyway for an existing schema.
 */
abstract class MigrationToolsContract {

    private final String prefix = "mig_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    /**
     * Returns the JDBC URL of the database under test.
     */
    abstract String url();

    /**
     * Returns the server's dialect.
     */
    abstract JdbcDialect dialect();

    /**
     * Returns a connection-per-call data source for the database under test.
     */
    DataSource dataSource() {
        return new DriverManagerDataSource(url());
    }

    /**
     * Returns a name as Flyway wrote it in its history table's DDL, to query that table: as it is,
     * except where the database folds unquoted names to upper case.
     */
    String flywayName(String name) {
        return name;
    }

    /**
     * Returns the scripts a Flyway history table records as applied.
     */
    private List<String> appliedScripts(JdbcTemplate jdbc, String history) {
        return jdbc.queryForList("SELECT %s FROM %s WHERE %s = 'SQL'".formatted(flywayName("script"),
                flywayName(prefix + history), flywayName("type")), String.class);
    }

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
        values.add("spring.datasource.url=" + url());
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, tool, FsmAutoConfiguration.class))
                .withPropertyValues(values.toArray(String[]::new));
    }

    @AfterEach
    void dropTables() {
        DataSource database = dataSource();
        new JdbcSchemaInitializer(database, prefix, null).drop();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        for (String table : List.of("changelog", "changelog_lock", "app_table")) {
            jdbc.execute("DROP TABLE IF EXISTS " + prefix + table);
        }
        for (String table : List.of("flyway_history", "app_history")) {
            jdbc.execute("DROP TABLE IF EXISTS " + flywayName(prefix + table));
        }
    }

    @Test
    void flywayCreatesTheTablesTgfsmUses() {
        runner(FlywayAutoConfiguration.class, "flyway")
                .withPropertyValues("spring.flyway.table=" + prefix + "flyway_history",
                        "spring.flyway.baseline-on-migrate=true",
                        "spring.flyway.baseline-version=0")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    worksOnTheMigratedTables(context);
                    assertThat(appliedScripts(new JdbcTemplate(context.getBean(DataSource.class)), "flyway_history"))
                            .containsExactly("V1__tgfsm.sql");
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
        assertThatThrownBy(() -> Flyway.configure().dataSource(dataSource())
                .locations("classpath:db/app-migration", JdbcSchemaInitializer.migrationLocation(dialect()))
                .placeholders(Map.of(JdbcSchemaInitializer.PREFIX_PLACEHOLDER, prefix, "app_prefix", prefix))
                .table(prefix + "flyway_history").baselineOnMigrate(true).baselineVersion("0").load().migrate())
                .hasMessageContaining("more than one migration with version 1");
    }

    /**
     * Returns a context with the README's recipe, the application's own Flyway migrations (baselined, as
     * the shared test database holds other tables) and {@code initialize-schema=never}.
     */
    private ApplicationContextRunner recipe() {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                                FsmAutoConfiguration.class))
                .withUserConfiguration(TgfsmMigrations.class)
                .withPropertyValues("spring.datasource.url=" + url(), "tgfsm.jdbc.table-prefix=" + prefix,
                        "tgfsm.jdbc.initialize-schema=never", "tgfsm.unknown-properties=fail",
                        "spring.flyway.locations=classpath:db/app-migration",
                        "spring.flyway.table=" + prefix + "app_history",
                        "spring.flyway.placeholders.app_prefix=" + prefix, "spring.flyway.baseline-on-migrate=true",
                        "spring.flyway.baseline-version=0");
    }

    @Test
    void theReadmesRecipeAdoptsTablesTgfsmCreatedItselfKeepingTheirRecords() {
        StorageKey key = StorageKey.of(9, 90, 900);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FsmAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + url(), "tgfsm.jdbc.table-prefix=" + prefix,
                        "tgfsm.jdbc.initialize-schema=always")
                .run((context) -> context.getBean(JdbcFsmStorage.class).setState(key, "Form:CITY"));
        recipe().run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(appliedScripts(new JdbcTemplate(context.getBean(DataSource.class)), "flyway_history"))
                    .containsExactly("V1__tgfsm.sql");
            assertThat(context.getBean(JdbcFsmStorage.class).load(key).state()).isEqualTo("Form:CITY");
        });
    }

    @Test
    void theReadmesRecipeRunsTgfsmsV1BesideTheApplicationsOwnV1EachInItsHistoryAndOnlyOnce() throws IOException {
        Path recipe = Path.of("src", "test", "java", "dev", "tgfsm", "autoconfigure", "TgfsmMigrations.java");
        assertThat(ReadmeSnippets.normalized(Files.readString(recipe)))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("flyway-beside-own")));
        ApplicationContextRunner runner = recipe();
        List<List<Map<String, Object>>> histories = new ArrayList<>();
        for (int start = 1; start <= 2; start++) {
            boolean restart = start == 2;
            runner.run((context) -> {
                assertThat(context).hasNotFailed();
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                assertThat(appliedScripts(jdbc, "app_history")).containsExactly("V1__app.sql");
                assertThat(appliedScripts(jdbc, "flyway_history")).containsExactly("V1__tgfsm.sql");
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + prefix + "app_table", Integer.class)).isZero();
                List<Map<String, Object>> history = new ArrayList<>();
                for (String table : List.of("app_history", "flyway_history")) {
                    history.addAll(jdbc.queryForList("SELECT * FROM " + flywayName(prefix + table) + " ORDER BY "
                            + flywayName("installed_rank")));
                }
                histories.add(history);
                if (restart) {
                    worksOnTheMigratedTables(context);
                }
                else {
                    StorageKey key = StorageKey.of(8, 80, 800);
                    context.getBean(JdbcFsmStorage.class).setState(key, "Form:AGE");
                    assertThat(context.getBean(JdbcFsmStorage.class).load(key).state()).isEqualTo("Form:AGE");
                }
            });
        }
        assertThat(histories.get(1)).as("the restart applied nothing").isEqualTo(histories.get(0));
    }

    @Test
    void tgfsmsOwnInitializerOverAFlywaySchemaChangesNothing() {
        runner(FlywayAutoConfiguration.class, "flyway")
                .withPropertyValues("spring.flyway.table=" + prefix + "flyway_history",
                        "spring.flyway.baseline-on-migrate=true",
                        "spring.flyway.baseline-version=0", "tgfsm.jdbc.initialize-schema=always")
                .run((context) -> worksOnTheMigratedTables(context));
    }

    @Test
    void withoutTheTablesStartUpFailsNamingTheFirstMissingOneAndHowToCreateIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FsmAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + url(), "tgfsm.jdbc.initialize-schema=never",
                        "tgfsm.jdbc.table-prefix=" + prefix)
                .run((context) -> {
                    assertThat(context).hasFailed();
                    Throwable cause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
                    assertThat(cause).isInstanceOf(FsmConfigurationException.class)
                            .hasMessageContaining("tgfsm's table " + prefix + "records cannot be read");
                    assertThat(((FsmConfigurationException) cause).action())
                            .contains("classpath:db/tgfsm/migration/" + platform())
                            .contains("spring-boot-flyway", "spring-boot-liquibase")
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
