package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Statements of the sample bot's updates on H2.
 */
class H2SampleBotStatementCountTests extends SampleBotStatementCountContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.h2(4);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    @Override
    protected Expected withoutLock() {
        return new Expected(4, 4);
    }

    @Override
    protected Expected withLock() {
        return new Expected(3, 3);
    }
}
