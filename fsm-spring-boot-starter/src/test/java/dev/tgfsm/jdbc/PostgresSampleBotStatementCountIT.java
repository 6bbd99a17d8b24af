package dev.tgfsm.jdbc;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Statements of the sample bot's updates on a real PostgreSQL server. With the lock 3: the
 * {@code SELECT} of the records and the bucket, the bucket's write and the lock in one
 * {@code WITH ... INSERT ... SELECT ... FROM w0}, the commit with its deadline and release in one
 * {@code WITH}. Without it 2: the records loaded with the rate-limit step computed and booked by
 * an upsert in one {@code WITH s AS (...), u AS (INSERT ... ON CONFLICT DO UPDATE ... RETURNING)
 * SELECT ...} ({@link JdbcGcra}; was 3, the bucket's write a statement of its own), the commit.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresSampleBotStatementCountIT extends SampleBotStatementCountContract {

    PostgresSampleBotStatementCountIT() {
        super(() -> TestDataSources.postgres(4), new Expected(2, 2), new Expected(3, 3));
    }
}
