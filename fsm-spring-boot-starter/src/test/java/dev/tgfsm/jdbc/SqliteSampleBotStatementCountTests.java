package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Statements of the sample bot's updates on SQLite (a file in a temporary directory), which changes
 * one table per statement: with the lock 5 ({@code SELECT}, bucket, lock, record, release), 6 with
 * the deadline; without it 4, 5 with the deadline. {@code BEGIN IMMEDIATE} and {@code COMMIT} are
 * transaction control, not counted.
 */
class SqliteSampleBotStatementCountTests extends SampleBotStatementCountContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.sqlite(TestDataSources.tempDirectory(), 4);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    @Override
    protected Expected withoutLock() {
        return new Expected(5, 4);
    }

    @Override
    protected Expected withLock() {
        return new Expected(6, 5);
    }
}
