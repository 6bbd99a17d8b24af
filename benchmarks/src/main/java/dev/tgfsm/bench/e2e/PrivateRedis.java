package dev.tgfsm.bench.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} of the benchmark's own, on a free port, without persistence, so that
 * {@code INFO commandstats} counts only the bot's commands and the shared server is never flooded.
 */
final class PrivateRedis implements AutoCloseable {

    /** The calls and server time of one command, as {@code INFO commandstats} reports them. */
    record CommandStat(long calls, long usec) {
    }

    private static final Pattern STAT = Pattern.compile("cmdstat_([^:]+):calls=(\\d+),usec=(\\d+)");

    private final Process process;

    private final int port;

    private PrivateRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server on a free port in 20000-30000.
     *
     * @param dir the server's working directory
     * @return the running server
     * @throws IOException if it does not answer within 10 s
     */
    static PrivateRedis start(Path dir) throws IOException {
        int port = freePort();
        Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        PrivateRedis redis = new PrivateRedis(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!redis.cli("PING").trim().equals("PONG")) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                redis.close();
                throw new IOException("redis-server did not start on port " + port + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            sleep(50);
        }
        return redis;
    }

    /**
     * Returns the URL for {@code spring.data.redis.url}.
     *
     * @return {@code redis://127.0.0.1:<port>}
     */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Returns the server's process id.
     *
     * @return the pid
     */
    long pid() {
        return process.pid();
    }

    /**
     * Reads {@code INFO commandstats}.
     *
     * @return calls and server microseconds by command name (lower case; {@code info} included)
     * @throws IOException if redis-cli fails
     */
    Map<String, CommandStat> commandStats() throws IOException {
        Map<String, CommandStat> stats = new TreeMap<>();
        Matcher m = STAT.matcher(cli("INFO", "commandstats"));
        while (m.find()) {
            stats.put(m.group(1), new CommandStat(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        }
        return stats;
    }

    /**
     * Runs {@code redis-cli} against this server.
     *
     * @param args the command
     * @return its output
     * @throws IOException if redis-cli cannot be run
     */
    String cli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", ex);
        }
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20000, 30000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            }
            catch (IOException ex) {
                // taken, try another
            }
        }
        throw new IOException("No free port found");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }
}
