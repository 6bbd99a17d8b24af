package dev.tgfsm.autoconfigure;

import java.util.UUID;
import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.tgfsm.jdbc.JdbcDialect;

/**
 * Flyway and Liquibase create tgfsm's tables on an embedded H2 database, one per test. Flyway quotes the
 * names of its history table, which H2 would otherwise fold to upper case.
 */
class H2MigrationToolsTests extends MigrationToolsContract {

    private final String url = "jdbc:h2:mem:mig-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    String url() {
        return url;
    }

    @Override
    DataSource dataSource() {
        return new DriverManagerDataSource(url, "sa", "");
    }

    @Override
    String flywayName(String name) {
        return '"' + name + '"';
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.H2;
    }
}
