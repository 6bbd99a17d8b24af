package dev.tgfsm.balancer;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * A real HAProxy in front of several bot instances, started by the test with a generated
 * configuration on free loopback ports: HTTP mode, round robin, an HTTP health check of every
 * instance every 200 ms ({@code GET} {@link CounterBot#HEALTH_PATH}, down after 2 failures), and
 * HAProxy's default retry of a request whose connection to an instance could not be opened (redispatched
 * to another instance). A request that reached an instance and lost its answer is never re-sent by
 * HAProxy: it answers {@code 502}/{@code 503} and the sender decides.
 *
 * <p>The binary is found as DESIGN.md section 8 says for servers: {@code TGFSM_TEST_HAPROXY} (a path),
 * then {@code /usr/sbin/haproxy}, then {@code haproxy} on the {@code PATH}. Not found: the test is
 * skipped with the reason, or fails when {@code CI=true}.
 */
final class HaProxy implements AutoCloseable {

    private static final String ENV = "TGFSM_TEST_HAPROXY";

    private final Process process;

    private final int port;

    private final int statsPort;

    private final Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HaProxy(Process process, int port, int statsPort, Path dir) {
        this.process = process;
        this.port = port;
        this.statsPort = statsPort;
        this.dir = dir;
    }

    /**
     * Starts HAProxy in front of instances on the given loopback ports and waits until it listens.
     *
     * @param backendPorts the instances' HTTP ports
     * @param dir the directory for the configuration and the log
     * @return the running balancer
     * @throws IOException if it cannot be started
     */
    static HaProxy start(List<Integer> backendPorts, Path dir) throws IOException {
        String binary = binary();
        int port = freePort();
        int statsPort = freePort();
        StringBuilder config = new StringBuilder("""
                global
                    maxconn 2000

                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                    timeout http-keep-alive 10s
                    retries 2
                    option redispatch

                frontend webhook
                    bind 127.0.0.1:%d
                    default_backend bots

                backend bots
                    balance roundrobin
                    option httpchk GET %s
                    http-check expect status 200
                    default-server inter 200ms fall 2 rise 2
                """.formatted(port, CounterBot.HEALTH_PATH));
        for (int i = 0; i < backendPorts.size(); i++) {
            config.append("    server bot").append(i).append(" 127.0.0.1:").append(backendPorts.get(i))
                    .append(" check\n");
        }
        config.append("""

                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(statsPort));
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(binary, "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        HaProxy haProxy = new HaProxy(process, port, statsPort, dir);
        haProxy.awaitListening();
        return haProxy;
    }

    private static String binary() {
        String explicit = System.getenv(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        if (new File("/usr/sbin/haproxy").canExecute()) {
            return "/usr/sbin/haproxy";
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(entry, "haproxy");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        String message = "HAProxy not found: " + ENV + " is not set, and neither /usr/sbin/haproxy nor haproxy on"
                + " the PATH exists (Debian: apt-get install haproxy)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + " (CI=true, so this fails instead of skipping)");
        }
        System.err.println("SKIPPING: " + message);
        throw new TestAbortedException(message);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                stats();
                return;
            }
            catch (IOException ex) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("HAProxy did not start: " + Files.readString(dir.resolve("haproxy.log")), ex);
                }
                pause(Duration.ofMillis(20));
            }
        }
    }

    /**
     * Returns the URL the balancer takes webhook requests at.
     *
     * @param path the webhook path
     * @return for example {@code http://127.0.0.1:41234/telegram/webhook}
     */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Waits until the health check sees the given number of instances up.
     *
     * @param count how many instances must be up
     * @param timeout the longest wait
     */
    void awaitUp(int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (up() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + up() + " of " + count + " instances are up: " + servers());
            }
            pause(Duration.ofMillis(50));
        }
    }

    private long up() throws IOException {
        return servers().values().stream().filter(s -> s.get("status").startsWith("UP")).count();
    }

    /**
     * Returns HAProxy's statistics of each instance ({@code status}, {@code stot} requests sent,
     * {@code wretr} retries, {@code wredis} redispatches, {@code hrsp_2xx}, {@code hrsp_5xx}, ...).
     *
     * @return the columns of the stats CSV by server name
     */
    Map<String, Map<String, String>> servers() throws IOException {
        Map<String, Map<String, String>> servers = new LinkedHashMap<>();
        for (Map<String, String> row : stats()) {
            if ("bots".equals(row.get("pxname")) && row.get("svname").startsWith("bot")) {
                servers.put(row.get("svname"), row);
            }
        }
        return servers;
    }

    /**
     * Returns the frontend's statistics ({@code hrsp_2xx}, {@code hrsp_5xx}, ...).
     *
     * @return the columns of the stats CSV
     */
    Map<String, String> frontend() throws IOException {
        return stats().stream().filter(r -> "webhook".equals(r.get("pxname")) && "FRONTEND".equals(r.get("svname")))
                .findFirst().orElseThrow();
    }

    private List<Map<String, String>> stats() throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
        List<String> lines = response.body().lines().toList();
        String[] header = lines.get(0).replaceFirst("^# ", "").split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length && i < values.length; i++) {
                row.put(header[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
