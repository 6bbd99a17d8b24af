package dev.tgfsm.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;

/**
 * A redis-server process that a test starts on a random free port (20000-40000) in a temporary
 * directory, without persistence, and stops afterwards. Also runs {@code redis-cli} against it.
 * Where the server comes from is {@link RedisServerSource}'s decision: a local binary, else a
 * Testcontainers container of its own (published on the same port; killed, restarted, frozen and
 * thawed through Docker), else the test is skipped, or fails with {@code CI=true}.
 */
final class RedisProcess implements AutoCloseable {

    private static final String SERVER = RedisServerSource.current().executable();

    /** redis-cli, found like the server: on the PATH, else in the usual install folders. */
    static final String CLI = executable("redis-cli");

    /** Whether the installed server is Redis 7 or later, which disables {@code DEBUG} by default. */
    private static final boolean DEBUG_NEEDS_ENABLING = majorVersion() >= 7;

    private final int port;

    private final @Nullable Path dir;

    /** The container the server runs in, on the Testcontainers path; {@code null} for a local binary. */
    private final @Nullable GenericContainer<?> container;

    /** Whether {@link #container} holds other servers too (the nodes of a Cluster), so it is not this one's to stop. */
    private final boolean sharedContainer;

    private final boolean cluster;

    private boolean durable;

    private Process process;

    private RedisProcess(int port, Path dir, boolean cluster) {
        this.port = port;
        this.dir = dir;
        this.cluster = cluster;
        this.container = null;
        this.sharedContainer = false;
    }

    private RedisProcess(int port, GenericContainer<?> container, boolean cluster, boolean sharedContainer) {
        this.port = port;
        this.dir = null;
        this.cluster = cluster;
        this.container = container;
        this.sharedContainer = sharedContainer;
    }

    /**
     * A node of a Cluster that runs in a container with the other nodes ({@link RedisCluster} on the
     * Testcontainers path): {@link #cli} works, killing or freezing one node alone does not.
     */
    static RedisProcess clusterNode(GenericContainer<?> container, int port) {
        return new RedisProcess(port, container, true, true);
    }

    /**
     * Starts a standalone server that writes every change to an append-only file in its temporary
     * directory before answering, so that its data survives {@link #kill()} and {@link #launch()}.
     */
    static RedisProcess startDurable() {
        RedisProcess redis = start(false);
        redis.durable = true;
        if (redis.container != null) {
            // read by the container's script when Docker starts it again after a kill
            redis.containerShell("touch /data/" + redis.port + "/durable");
        }
        redis.cli("CONFIG", "SET", "appendonly", "yes");
        redis.cli("CONFIG", "SET", "appendfsync", "always");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!redis.cli("INFO", "persistence").contains("aof_rewrite_in_progress:0")
                || redis.cli("INFO", "persistence").contains("aof_rewrite_scheduled:1")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("append-only file not ready on port " + redis.port);
            }
            Thread.onSpinWait();
        }
        return redis;
    }

    /** The first executable of that name on the PATH, else in /usr/bin or /usr/local/bin. */
    private static String executable(String name) {
        List<String> folders = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(File.pathSeparator)));
        }
        folders.addAll(List.of("/usr/bin", "/usr/local/bin"));
        for (String folder : folders) {
            File candidate = new File(folder, name);
            if (!folder.isEmpty() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return "/usr/bin/" + name;
    }

    private static int majorVersion() {
        if (!new File(SERVER).canExecute()) {
            return 0;
        }
        Matcher m = Pattern.compile("v=(\\d+)\\.").matcher(run(List.of(SERVER, "--version")));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Starts a standalone server, or skips the test when redis-server is not installed. */
    static RedisProcess start() {
        return start(false);
    }

    /**
     * Starts a server, optionally in cluster mode (to be joined by {@link RedisCluster}), as
     * {@link RedisServerSource} decides: skipped, or failed with {@code CI=true}, when none can be had.
     */
    static RedisProcess start(boolean cluster) {
        RedisServerSource source = RedisServerSource.current();
        source.requireAvailable();
        if (source.kind() == RedisServerSource.Kind.CONTAINER) {
            if (cluster) {
                throw new IllegalStateException(
                        "on the Testcontainers path RedisCluster starts its nodes in one container");
            }
            try {
                int port = freePort();
                return new RedisProcess(port, RedisContainers.start(List.of(port), false), false, false);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                RedisProcess redis = new RedisProcess(freePort(), Files.createTempDirectory("tgfsm-redis"), cluster);
                try {
                    redis.launch();
                    return redis;
                }
                catch (IllegalStateException ex) {
                    // another process took one of the ports between the check and the start: pick new ones
                    redis.close();
                    lastFailure = ex;
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        throw lastFailure;
    }

    /** A port of this machine that is free, and whose cluster bus port (port + 10000) is free too. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20000, 30000);
            // the port and the cluster bus port (port + 10000) must both be free to bind
            try (ServerSocket socket = new ServerSocket(); ServerSocket bus = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", candidate));
                bus.bind(new InetSocketAddress("127.0.0.1", candidate + 10000));
                return candidate;
            }
            catch (IOException ex) {
                // taken, try another
            }
        }
        throw new IOException("No free port found");
    }

    /** Starts (or restarts) the server process on this port. */
    void launch() {
        if (container != null) {
            requireOwnContainer("restart");
            RedisContainers.restart(container);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"PONG".equals(cli("PING").trim())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis container did not answer again on port " + port);
                }
                Thread.onSpinWait();
            }
            return;
        }
        List<String> command = new ArrayList<>(List.of(SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
        if (durable) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        }
        if (DEBUG_NEEDS_ENABLING) {
            // DEBUG SLEEP freezes the server in the fault tests; Redis 7 refuses DEBUG unless enabled
            command.addAll(List.of("--enable-debug-command", "local"));
        }
        if (cluster) {
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                    dir.resolve("nodes-" + port + ".conf").toString(), "--cluster-node-timeout", "2000"));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"PONG".equals(cli("PING").trim())) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("redis-server did not start on port " + port + ": "
                            + Files.readString(dir.resolve("redis.log")));
                }
                Thread.onSpinWait();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    int port() {
        return port;
    }

    /** Runs redis-cli against this server and returns its output. */
    String cli(String... args) {
        if (container != null) {
            return RedisContainers.cli(container, port, List.of(args));
        }
        List<String> command = new ArrayList<>(List.of(CLI, "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Freezes the server with {@code SIGSTOP}, as a stalled host or a paused VM would: connections
     * stay open, commands are queued in the sockets and run only after {@link #thaw()}.
     */
    void freeze() {
        if (container != null) {
            requireOwnContainer("freeze");
            RedisContainers.pause(container);
            return;
        }
        signal("STOP");
    }

    /** Lets a {@linkplain #freeze() frozen} server go on ({@code SIGCONT}). */
    void thaw() {
        if (container != null) {
            requireOwnContainer("thaw");
            if (container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec().getState()
                    .getPaused() == Boolean.TRUE) {
                RedisContainers.unpause(container);
            }
            return;
        }
        signal("CONT");
    }

    private void requireOwnContainer(String what) {
        if (sharedContainer) {
            throw new UnsupportedOperationException("cannot " + what + " one node of a Cluster that runs in one "
                    + "container; this test needs the redis-server binary (" + RedisServerSource.SERVER_VARIABLE + ")");
        }
    }

    private void containerShell(String command) {
        try {
            container.execInContainer("sh", "-c", command);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void signal(String name) {
        String out = run(List.of("kill", "-" + name, String.valueOf(process.pid())));
        if (!out.isBlank()) {
            throw new IllegalStateException("kill -" + name + " of redis-server failed: " + out);
        }
    }

    /** Kills the server at once (as a crash would), keeping the port for a restart. */
    void kill() {
        if (container != null) {
            requireOwnContainer("kill");
            RedisContainers.kill(container);
            return;
        }
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        if (container != null) {
            if (!sharedContainer) {
                container.stop();
            }
            return;
        }
        if (process != null && process.isAlive()) {
            thaw();
        }
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
