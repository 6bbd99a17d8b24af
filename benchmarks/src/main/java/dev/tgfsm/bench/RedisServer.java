package dev.tgfsm.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private {@code redis-server} without persistence, started for one benchmark run so that
 * {@code INFO commandstats} and {@code MEMORY USAGE} see only our commands. Falls back to nothing
 * (the caller uses the shared server) when {@code redis-server} cannot be started.
 */
final class RedisServer implements AutoCloseable {

    private final Process process;

    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisServer start() throws IOException, InterruptedException {
        int port = ThreadLocalRandom.current().nextInt(20000, 40000);
        Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--save", "",
                "--appendonly", "no", "--bind", "127.0.0.1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new RedisServer(p, port);
            }
            catch (IOException ex) {
                Thread.sleep(50);
            }
        }
        p.destroy();
        throw new IOException("redis-server did not start on port " + port);
    }

    int port() {
        return port;
    }

    /** Runs redis-cli against this server and returns its output. */
    String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
