package dev.tgfsm.jdbc;

import java.util.Map;
import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates tgfsm's tables with real Flyway or real Liquibase from the migrations shipped in the jar, each
 * prefix with history tables of its own, so that tests sharing a database never see each other's, then
 * runs tgfsm's start-up check on them.
 */
final class MigrationTools {

    private MigrationTools() {
    }

    /**
     * Runs Flyway on the database's folder of tgfsm's migrations. The shared test database holds other
     * tests' tables, so Flyway starts from a baseline at version 0.
     */
    static void flyway(DataSource dataSource, JdbcDialect dialect, String prefix) {
        Flyway.configure().dataSource(dataSource).locations(JdbcSchemaInitializer.migrationLocation(dialect))
                .placeholders(Map.of(JdbcSchemaInitializer.PREFIX_PLACEHOLDER, prefix)).table(prefix + "flyway_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        new JdbcSchemaInitializer(dataSource, prefix, dialect).verify();
    }

    /**
     * Runs Liquibase on tgfsm's changelog.
     */
    static void liquibase(DataSource dataSource, String prefix) {
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource);
        liquibase.setResourceLoader(new DefaultResourceLoader());
        liquibase.setChangeLog(JdbcSchemaInitializer.CHANGELOG);
        liquibase.setChangeLogParameters(Map.of(JdbcSchemaInitializer.PREFIX_PLACEHOLDER, prefix));
        liquibase.setDatabaseChangeLogTable(prefix + "changelog");
        liquibase.setDatabaseChangeLogLockTable(prefix + "changelog_lock");
        try {
            liquibase.afterPropertiesSet();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Liquibase failed for " + prefix, ex);
        }
        new JdbcSchemaInitializer(dataSource, prefix, null).verify();
    }

    /**
     * Drops tgfsm's tables and the history tables of both tools.
     */
    static void drop(DataSource dataSource, String prefix) {
        new JdbcSchemaInitializer(dataSource, prefix, null).drop();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String table : new String[]{"flyway_history", "changelog", "changelog_lock"}) {
            jdbc.execute("DROP TABLE IF EXISTS " + prefix + table);
        }
    }
}
