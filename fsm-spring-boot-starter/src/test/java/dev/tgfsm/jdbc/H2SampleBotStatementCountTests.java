package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Statements of the sample bot's updates on H2. With the lock 3: the {@code SELECT} of the
 * records and the bucket, the bucket's write and the lock in one {@code SELECT ... FROM FINAL TABLE
 * (UPDATE ...), FINAL TABLE (MERGE ...)}, the commit with its deadline and release likewise.
 * Without it 4: the rate limiter's {@code SELECT ... FOR UPDATE} and write, the load, the commit.
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
