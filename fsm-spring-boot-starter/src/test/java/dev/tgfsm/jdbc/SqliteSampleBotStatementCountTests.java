package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Statements of the sample bot's updates on SQLite (a file in a temporary directory).
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
