package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script that the Testcontainers path runs inside the Redis image ({@link RedisContainers}),
 * run here with this machine's redis-server and {@code sh}: it starts three cluster-mode servers
 * that announce the given address, joins them into a Cluster whose slots are all covered, and on a
 * second run (a container started again) creates nothing twice. Needs redis-server locally (no
 * Docker), found as {@link RedisServerSource} says.
 */
class RedisContainerScriptIT {

    @Test
    void theScriptStartsAndJoinsAClusterAndASecondRunKeepsIt(@TempDir Path data) throws Exception {
        RedisServerSource source = RedisServerSource.current();
        source.requireAvailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(source.kind() == RedisServerSource.Kind.BINARY,
                "runs the container's script with a local redis-server");
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < 3) {
            int port = RedisProcess.freePort();
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        String script = RedisContainers.script(ports, true, "127.0.0.1", data.toString())
                .replace("exec tail -f /dev/null\n", "");
        String path = Path.of(source.executable()).getParent() + ":" + System.getenv("PATH");
        try {
            String first = run(script, path);
            assertThat(first).contains("[OK] All 16384 slots covered.").contains(RedisContainers.READY);
            for (int port : ports) {
                assertThat(cli(port, "CLUSTER", "INFO")).contains("cluster_state:ok").contains("cluster_known_nodes:3");
            }
            assertThat(cli(ports.get(0), "CLUSTER", "NODES")).contains("127.0.0.1:" + ports.get(1) + "@"
                    + (ports.get(1) + 10000));

            // "docker start" again: the servers come back with their nodes.conf, no second create
            for (int port : ports) {
                cli(port, "SHUTDOWN", "NOSAVE");
            }
            String second = run(script, path);
            assertThat(second).doesNotContain("--cluster create").doesNotContain("Performing hash slots allocation")
                    .contains(RedisContainers.READY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cli(ports.get(2), "CLUSTER", "INFO").contains("cluster_state:ok")) {
                assertThat(System.nanoTime()).as("cluster ok again").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        finally {
            for (int port : ports) {
                cli(port, "SHUTDOWN", "NOSAVE");
            }
        }
    }

    private static String run(String script, String path) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        Process process = builder.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.append(line).append('\n');
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished: " + out).isTrue();
        assertThat(process.exitValue()).as("script's exit code: " + out).isZero();
        return out.toString();
    }

    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(
                List.of(RedisProcess.CLI, "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return RedisProcess.run(command);
    }
}
