package dev.tgfsm.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A private Redis Cluster of masters without replicas that a test starts on free local ports
 * ({@link RedisProcess} in cluster mode, joined with {@code redis-cli --cluster create}) and stops
 * afterwards. Where the nodes come from is {@link RedisServerSource}'s decision: local redis-server
 * processes, else one Testcontainers container that runs every node on its own published port and
 * announces the Docker host's address ({@link RedisContainers}), else the test is skipped, or fails
 * with {@code CI=true}.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisProcess> nodes = new ArrayList<>();

    private @Nullable ClientResources resources;

    /** The container of every node, on the Testcontainers path. */
    private @Nullable GenericContainer<?> container;

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
        RedisServerSource source = RedisServerSource.current();
        source.requireAvailable();
        if (source.kind() == RedisServerSource.Kind.CONTAINER) {
            try {
                return cluster.startInContainer(masters);
            }
            catch (RuntimeException | Error ex) {
                cluster.close();
                throw ex;
            }
        }
        try {
            List<String> create = new ArrayList<>(List.of(RedisProcess.CLI, "--cluster", "create"));
            for (int i = 0; i < masters; i++) {
                RedisProcess node = RedisProcess.start(true);
                cluster.nodes.add(node);
                create.add("127.0.0.1:" + node.port());
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            cluster.awaitReady(RedisProcess.run(create));
            return cluster;
        }
        catch (RuntimeException | Error ex) {
            cluster.close();
            throw ex;
        }
    }

    private RedisCluster startInContainer(int masters) {
        List<Integer> ports = new ArrayList<>();
        try {
            while (ports.size() < masters) {
                int port = RedisProcess.freePort();
                if (!ports.contains(port)) {
                    ports.add(port);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        container = RedisContainers.start(ports, true);
        for (int port : ports) {
            nodes.add(RedisProcess.clusterNode(container, port));
        }
        awaitReady("");
        return this;
    }

    private void awaitReady(String created) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster did not become ready: " + created);
            }
            Thread.onSpinWait();
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
            if (container != null) {
                container.stop();
                container = null;
            }
        }
    }
}
