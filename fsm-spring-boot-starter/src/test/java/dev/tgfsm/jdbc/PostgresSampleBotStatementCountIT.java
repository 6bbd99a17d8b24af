package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Statements of the sample bot's updates on a real PostgreSQL server. With the lock 3: the
 * {@code SELECT} of the records and the bucket, the bucket's write and the lock in one
 * {@code WITH ... INSERT ... SELECT ... FROM w0}, the commit with its deadline and release in one
 * {@code WITH}. Without it 4: the rate limiter's {@code SELECT ... FOR UPDATE} and write, the load,
 * the commit.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresSampleBotStatementCountIT extends SampleBotStatementCountContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.postgres(4);
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
