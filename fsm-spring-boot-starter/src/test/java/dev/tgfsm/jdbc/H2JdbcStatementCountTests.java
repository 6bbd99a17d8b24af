package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Statement counts on H2.
 */
class H2JdbcStatementCountTests extends JdbcStatementCountContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.h2(2);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
