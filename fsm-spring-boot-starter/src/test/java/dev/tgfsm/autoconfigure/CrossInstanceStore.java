package dev.tgfsm.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.redis.RedisCluster;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;

/**
 * One store that several application instances share, for the tests of order across instances: the
 * auto-configurations and properties that make an instance (its own connection factory, cross-instance
 * locks, a short lease) and a namespace of its own (a key or table prefix), and how it is cleared
 * afterwards. {@link #args()} and {@link #fromArgs} carry the same set-up to an instance in another
 * JVM ({@link DeadInstanceMain}).
 *
 * @param kind {@code redis} or {@code jdbc}
 * @param properties the instance's properties, as {@code name=value}
 */
record CrossInstanceStore(String kind, List<String> properties) {

    /** What every instance of these tests sets: locks across instances, a 2-second lease. */
    private static final List<String> COMMON = List.of("tgfsm.isolation.distributed=true",
            "tgfsm.isolation.lock-lease=2s", "tgfsm.dispatcher.threads=8");

    /**
     * The test Redis, under a fresh key prefix.
     *
     * @return the store
     */
    static CrossInstanceStore redis() {
        return of("redis", "spring.data.redis.host=" + TestServer.REDIS.host(),
                "spring.data.redis.port=" + TestServer.REDIS.port(), "tgfsm.redis.prefix=" + unique("it-order-", ":"));
    }

    /**
     * A Redis Cluster, under a fresh key prefix.
     *
     * @param cluster the running cluster
     * @return the store
     */
    static CrossInstanceStore cluster(RedisCluster cluster) {
        return of("redis", "spring.data.redis.cluster.nodes=" + String.join(",", cluster.addresses()),
                "tgfsm.redis.prefix=" + unique("it-order-", ":"));
    }

    /**
     * The test PostgreSQL, with tables of a fresh prefix.
     *
     * @return the store
     */
    static CrossInstanceStore postgres() {
        return jdbc(TestServer.POSTGRES.url());
    }

    /**
     * The test MariaDB, with tables of a fresh prefix.
     *
     * @return the store
     */
    static CrossInstanceStore mariadb() {
        return jdbc(TestServer.MARIADB.url());
    }

    private static CrossInstanceStore jdbc(String url) {
        return of("jdbc", "spring.datasource.url=" + url, "tgfsm.jdbc.table-prefix=" + unique("it_order_", "_"),
                "tgfsm.jdbc.initialize-schema=always");
    }

    private static CrossInstanceStore of(String kind, String... own) {
        List<String> properties = new ArrayList<>(List.of(own));
        properties.addAll(COMMON);
        return new CrossInstanceStore(kind, List.copyOf(properties));
    }

    private static String unique(String start, String end) {
        return start + UUID.randomUUID().toString().substring(0, 8) + end;
    }

    /**
     * The same store and namespace with further properties, which win over the earlier ones.
     *
     * @param more the properties, as {@code name=value}
     * @return the store
     */
    CrossInstanceStore with(String... more) {
        List<String> all = new ArrayList<>(properties);
        all.addAll(List.of(more));
        return new CrossInstanceStore(kind, List.copyOf(all));
    }

    /**
     * An instance on this store: a runner of its own application context (each context makes its own
     * connection factory).
     *
     * @return the runner; further beans and properties are added by the caller
     */
    ApplicationContextRunner runner() {
        Class<?> connection = kind.equals("redis") ? DataRedisAutoConfiguration.class
                : DataSourceAutoConfiguration.class;
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(connection, FsmAutoConfiguration.class))
                .withPropertyValues(properties.toArray(String[]::new));
    }

    /**
     * Removes what the test stored, through any instance that is still open.
     *
     * @param instance an open instance
     */
    void clear(ApplicationContext instance) {
        if (kind.equals("redis")) {
            instance.getBean(FsmStorage.class).clearNamespace();
        }
        else {
            instance.getBean(JdbcSchemaInitializer.class).drop();
        }
    }

    /**
     * The set-up as program arguments: the kind, then the properties.
     *
     * @return the arguments
     */
    List<String> args() {
        List<String> args = new ArrayList<>();
        args.add(kind);
        args.addAll(properties);
        return args;
    }

    /**
     * The set-up read back from {@link #args()}.
     *
     * @param args the arguments
     * @return the store
     */
    static CrossInstanceStore fromArgs(List<String> args) {
        return new CrossInstanceStore(args.get(0), List.copyOf(args.subList(1, args.size())));
    }
}
