package dev.tgfsm.balancer;

import java.nio.file.Path;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.jdbc.TestDataSources;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.StorageConfig;

/**
 * The rounds of {@link BalancedWebhookIT} on the SQL stores: three bot instances, each a separate JVM
 * with a connection pool of its own ({@code tgfsm.storage.type=jdbc}, Hikari's default of ten
 * connections; conversations locked across instances, the default for a server database), in webhook
 * mode behind a real HAProxy, on one PostgreSQL and on one MariaDB. The tables carry a fresh prefix
 * of their own, created by the test before the instances start (which then only check them) and
 * dropped afterwards, so that nothing collides with other tests on the same server.
 *
 * <p>On each database: {@value #USERS} users &times; {@value BalancedRounds#UPDATES} updates through
 * the balancer at once, each applied once in update-id order, answered once, replied to once; the
 * same update posted to two instances at once is applied once; a message and a button press of one
 * user posted to two instances at once are both applied once. On PostgreSQL also: one instance killed
 * with {@code SIGKILL} while {@value #USERS_WHEN_KILLED} more users &times; 20 updates go through the
 * balancer, nothing lost, nothing applied twice, order kept.
 *
 * <p>Size: the full 200 &times; 20 of the Redis test. Measured on the 2-core CI machine under a load
 * average of 25 to 33: the round of 4,000 updates took 38 s on PostgreSQL (106 updates/s through the
 * balancer) and 50 s on MariaDB (81/s), each case about 100 s in all, of which about 40 s is the
 * start of three JVMs.
 */
class BalancedJdbcWebhookIT {

    private static final int USERS = 200;

    private static final int USERS_WHEN_KILLED = 100;

    /**
     * How long a reply another instance committed and did not acknowledge waits before an instance
     * sends it again ({@code tgfsm.outbox.redeliver-after}, default 10 s). An instance acknowledges a
     * reply it sent about 2 s after sending it; on the shared 2-core CI machine, with three instances,
     * the database, the balancer and the test in one box (load average 15 to 37 measured), single
     * acknowledgements were seen 12 s late, and the reply was then sent a second time by the
     * instance of the user's next update: the outbox's documented at-least-once, not a loss. A longer
     * wait keeps the check "each reply exactly once" about the store and the locks rather than about
     * CPU starvation; the kill case does not wait for redeliveries either way. With the flusher's
     * redeliveries sent apart from its acknowledgements and its conflicts written together once more,
     * 20 s passed on PostgreSQL (load average 28, acknowledgements written up to 12 s after they were
     * due) and not on MariaDB (load average 21, up to 30 s after: 4 replies taken over and sent
     * again); the time goes into the acknowledgements' own writes on the starved database, not into
     * sends.
     */
    private static final String REDELIVER_AFTER = "30s";

    @TempDir
    Path dir;

    @Test
    void threeInstancesOnOnePostgresApplyEveryUpdateOnceInOrderAlsoWhenOneIsKilled() throws Exception {
        rounds(TestServer.POSTGRES, "one PostgreSQL", true);
    }

    @Test
    void threeInstancesOnOneMariaDbApplyEveryUpdateOnceInOrder() throws Exception {
        rounds(TestServer.MARIADB, "one MariaDB", false);
    }

    /**
     * Starts three instances on fresh tables of one database and runs the rounds the class describes
     * through the balancer.
     *
     * @param server the database
     * @param name the database as the rounds' messages name it
     * @param killOne whether to end with the round that kills one instance
     */
    private void rounds(TestServer server, String name, boolean killOne) throws Exception {
        try (Tables tables = Tables.create(server.url());
                BalancedBots bots = BalancedBots.start(BalancedRounds.INSTANCES, tables.args(), dir)) {
            BalancedRounds rounds = new BalancedRounds(name, bots, tables.storage());
            rounds.cleanRound(10_000, USERS);
            rounds.sameUpdateAtTwoInstancesAtOnceIsAppliedOnce(20_000);
            rounds.messageAndPressAtTwoInstancesAtOnceAreBothAppliedOnce(30_000);
            if (killOne) {
                rounds.killedInstanceLosesNothing(40_000, USERS_WHEN_KILLED);
            }
        }
    }

    /**
     * The test's tables on one database: a fresh prefix, the test's own pool and storage to read them,
     * dropped on close.
     */
    private record Tables(String url, String prefix, HikariDataSource pool, JdbcFsmStorage storage)
            implements
                AutoCloseable {

        static Tables create(String url) {
            String prefix = "bal" + TestDataSources.uniquePrefix();
            HikariDataSource pool = TestDataSources.pool(url, 4);
            new JdbcSchemaInitializer(pool, prefix, null).initialize();
            return new Tables(url, prefix, pool, new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults()));
        }

        /** The instances' arguments: the same database and tables. */
        List<String> args() {
            return List.of("--tgfsm.storage.type=jdbc", "--spring.datasource.url=" + url,
                    "--tgfsm.jdbc.table-prefix=" + prefix, "--tgfsm.outbox.redeliver-after=" + REDELIVER_AFTER);
        }

        @Override
        public void close() {
            try {
                new JdbcSchemaInitializer(pool, prefix, null).drop();
            }
            finally {
                pool.close();
            }
        }
    }
}
