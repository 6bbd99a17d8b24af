package dev.tgfsm.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A private Redis Cluster of masters without replicas that a test starts on free local ports
 * ({@link RedisProcess} in cluster mode, joined with {@code redis-cli --cluster create}) and stops
 * afterwards. Skips the test when redis-server is not installed, as {@link RedisProcess} does.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisProcess> nodes = new ArrayList<>();

    private @Nullable ClientResources resources;

    private RedisCluster() {
    }

    /**
     * Starts the nodes, joins them and waits until the cluster is ready.
     *
     * @param masters how many masters (at least three, as {@code redis-cli} requires)
     * @return the running cluster
     */
    public static RedisCluster start(int masters) {
        RedisCluster cluster = new RedisCluster();
        try {
            List<String> create = new ArrayList<>(List.of(RedisProcess.CLI, "--cluster", "create"));
            for (int i = 0; i < masters; i++) {
                RedisProcess node = RedisProcess.start(true);
                cluster.nodes.add(node);
                create.add("127.0.0.1:" + node.port());
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = RedisProcess.run(create);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cluster.nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster did not become ready: " + out);
                }
                Thread.onSpinWait();
            }
            return cluster;
        }
        catch (RuntimeException | Error ex) {
            cluster.close();
            throw ex;
        }
    }

    /**
     * Returns the nodes' addresses.
     *
     * @return {@code 127.0.0.1:port} of every master
     */
    public List<String> addresses() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList();
    }

    /**
     * Returns the configuration for a cluster connection factory.
     *
     * @return the configuration naming every node
     */
    public RedisClusterConfiguration configuration() {
        return new RedisClusterConfiguration(addresses());
    }

    /**
     * Opens a cluster connection factory as the starter builds it, with a 5 s command timeout, on
     * client resources that every factory of this cluster shares and {@link #close()} shuts down.
     * The caller destroys the factory.
     *
     * @return the started factory
     */
    public LettuceConnectionFactory connectionFactory() {
        if (resources == null) {
            resources = LettuceResilience.clientResources();
        }
        return LettuceResilience.cluster(configuration(), resources, Duration.ofSeconds(5));
    }

    /**
     * Returns the nodes, for tests that talk to each one.
     *
     * @return the nodes
     */
    List<RedisProcess> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * Returns the master that owns a key's slot.
     *
     * @param key the key
     * @return the node
     */
    RedisProcess owner(String key) {
        int slot = Integer.parseInt(nodes.get(0).cli("CLUSTER", "KEYSLOT", key).trim());
        for (RedisProcess node : nodes) {
            String self = node.cli("CLUSTER", "NODES").lines().filter(line -> line.contains("myself")).findFirst()
                    .orElseThrow();
            String[] fields = self.trim().split(" ");
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                if (slot >= from && slot <= Integer.parseInt(range[range.length - 1])) {
                    return node;
                }
            }
        }
        throw new IllegalStateException("no master owns slot " + slot);
    }

    @Override
    public void close() {
        try {
            if (resources != null) {
                resources.shutdown();
            }
        }
        finally {
            nodes.forEach(RedisProcess::close);
            nodes.clear();
        }
    }
}
