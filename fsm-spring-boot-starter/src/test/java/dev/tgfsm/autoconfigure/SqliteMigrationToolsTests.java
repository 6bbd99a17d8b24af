package dev.tgfsm.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.tgfsm.jdbc.JdbcDialect;

/**
 * Flyway and Liquibase create tgfsm's tables in a SQLite file, one per test.
 */
class SqliteMigrationToolsTests extends MigrationToolsContract {

    @TempDir
    Path directory;

    @Override
    String url() {
        return "jdbc:sqlite:" + directory.resolve("tgfsm.db");
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.SQLITE;
    }
}
