package dev.tgfsm.autoconfigure;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Per-conversation order across two application instances on one real PostgreSQL
 * ({@link CrossInstanceOrder}), and a dead instance's announcement that lapses with its lease. Its
 * own table prefix, dropped afterwards.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresCrossInstanceOrderIT extends CrossInstanceOrderCases {

    @Override
    CrossInstanceStore store() {
        return CrossInstanceStore.postgres();
    }
}
