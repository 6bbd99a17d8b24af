package dev.tgfsm.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers path of {@link RedisServerSource}: one container of the Redis image that runs a
 * redis-server on each given port, published on the same port of the Docker host, so that the ports a
 * test (and a Cluster's topology) names are the ones a client connects to. In cluster mode every node
 * announces the Docker host's address and its own port and bus port, and the container joins the
 * nodes into a Cluster of masters without replicas before it reports ready, as {@code redis-cli
 * --cluster create} does for the binaries. A node's data lives in the container's {@code /data/<port>},
 * which survives a {@code docker kill} and {@code docker start} (a durable server's append-only file is
 * read again).
 *
 * <p>The ports must be free on the Docker host; {@link RedisProcess} picks them on this machine, so
 * this path expects a local Docker engine (as Testcontainers' default does).
 */
final class RedisContainers {

    /** The image: Redis 7, as on the CI machines. */
    static final DockerImageName IMAGE = DockerImageName.parse("redis:7.2");

    /** The line the container prints once every server answers (and, in cluster mode, the Cluster is created). */
    static final String READY = "tgfsm-redis-ready";

    private RedisContainers() {
    }

    /** Whether Testcontainers finds a Docker engine. */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /**
     * The shell script the container runs: a redis-server per port (with the append-only file where
     * {@code /data/<port>/durable} exists), in cluster mode the Cluster's creation on the first start,
     * then the ready line.
     *
     * @param ports the ports, at least three in cluster mode
     * @param cluster whether the servers run in cluster mode and are joined
     * @param announce the address the nodes announce (the Docker host's), in cluster mode
     * @param data the folder the servers' folders go in ({@code /data} in the container)
     * @return the script for {@code sh -c}
     */
    static String script(List<Integer> ports, boolean cluster, String announce, String data) {
        if (ports.isEmpty() || (cluster && ports.size() < 3)) {
            throw new IllegalArgumentException("need one port, or at least three for a Cluster: " + ports);
        }
        StringBuilder sh = new StringBuilder("set -e\n");
        for (int port : ports) {
            sh.append("mkdir -p ").append(data).append("/").append(port).append('\n')
                    .append("extra=''; if [ -f ").append(data).append("/").append(port)
                    .append("/durable ]; then extra='--appendonly yes --appendfsync always'; fi\n")
                    .append("redis-server --port ").append(port)
                    .append(" --bind 0.0.0.0 --protected-mode no --save '' --appendonly no --dir ").append(data)
                    .append("/").append(port)
                    .append(" --enable-debug-command yes --daemonize yes --logfile ").append(data).append("/")
                    .append(port)
                    .append("/redis.log $extra");
            if (cluster) {
                sh.append(" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000")
                        .append(" --cluster-announce-ip ").append(announce)
                        .append(" --cluster-announce-port ").append(port)
                        .append(" --cluster-announce-bus-port ").append(port + 10000);
            }
            sh.append('\n')
                    .append("until redis-cli -p ").append(port).append(" ping | grep -q PONG; do sleep 0.1; done\n");
        }
        if (cluster) {
            String nodes = ports.stream().map(p -> announce + ":" + p).collect(Collectors.joining(" "));
            sh.append("if [ ! -f ").append(data).append("/created ]; then redis-cli --cluster create ").append(nodes)
                    .append(" --cluster-replicas 0 --cluster-yes; touch ").append(data).append("/created; fi\n");
            // ready means usable: every node has seen the others and serves its slots
            for (int port : ports) {
                sh.append("until redis-cli -p ").append(port)
                        .append(" cluster info | grep -q cluster_state:ok; do sleep 0.1; done\n");
            }
        }
        sh.append("echo ").append(READY).append('\n').append("exec tail -f /dev/null\n");
        return sh.toString();
    }

    /**
     * Starts a container with a redis-server on each port.
     *
     * @param ports free ports of the Docker host (and, in cluster mode, port + 10000 too)
     * @param cluster whether to run and join them as a Cluster
     * @return the started container
     */
    static GenericContainer<?> start(List<Integer> ports, boolean cluster) {
        String announce = DockerClientFactory.instance().dockerHostIpAddress();
        if ("localhost".equals(announce)) {
            announce = "127.0.0.1";
        }
        List<String> bindings = new ArrayList<>();
        for (int port : ports) {
            bindings.add(port + ":" + port);
            if (cluster) {
                bindings.add((port + 10000) + ":" + (port + 10000));
            }
        }
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withCommand("sh", "-c", script(ports, cluster, announce, "/data"))
                .waitingFor(Wait.forLogMessage(".*" + READY + ".*", 1))
                .withStartupTimeout(Duration.ofSeconds(60));
        container.setPortBindings(bindings);
        container.start();
        return container;
    }

    /**
     * Runs {@code redis-cli} against one server inside the container.
     *
     * @param container the container
     * @param port the server's port
     * @param args the command
     * @return what redis-cli printed
     */
    static String cli(GenericContainer<?> container, int port, List<String> args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(args);
        try {
            Container.ExecResult result = container.execInContainer(command.toArray(String[]::new));
            return result.getStdout() + result.getStderr();
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Kills the container's processes at once ({@code docker kill}), keeping its file system and ports. */
    static void kill(GenericContainer<?> container) {
        DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
    }

    /** Starts a killed container again ({@code docker start}): the script runs anew on the same ports. */
    static void restart(GenericContainer<?> container) {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    }

    /** Freezes every process of the container ({@code docker pause}), as {@code SIGSTOP} does. */
    static void pause(GenericContainer<?> container) {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    /** Lets a paused container go on ({@code docker unpause}). */
    static void unpause(GenericContainer<?> container) {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }
}
