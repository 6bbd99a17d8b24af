package dev.tgfsm.jdbc;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Statements of the sample bot's updates on a real MariaDB server. With the lock mid-flow 3: the
 * {@code SELECT}, the bucket and the lock row in one multi-table {@code UPDATE}, the record and the
 * lock's release likewise; entering a timed state 7 (new rows are inserted apart, the deadline is
 * its own statement, and a conversation's first lock costs an {@code UPDATE} and an
 * {@code INSERT}). Without the lock 3 (the {@code SELECT} of the records and the bucket, the
 * bucket's write, the commit), 4 with the deadline.
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbSampleBotStatementCountIT extends SampleBotStatementCountContract {

    MariaDbSampleBotStatementCountIT() {
        super(() -> TestDataSources.mariadb(4), new Expected(4, 3), new Expected(7, 3));
    }
}
