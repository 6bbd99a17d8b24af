package dev.tgfsm.autoconfigure;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Per-conversation order across two application instances on one real Redis
 * ({@link CrossInstanceOrder}), and a dead instance's announcement that lapses with its lease.
 */
@RequiresServers(TestServer.REDIS)
class RedisCrossInstanceOrderIT extends CrossInstanceOrderCases {

    @Override
    CrossInstanceStore store() {
        return CrossInstanceStore.redis();
    }
}
