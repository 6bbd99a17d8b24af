package dev.tgfsm.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample bot as an operator runs it: {@code java [flags] -jar sample-app.jar} in its own
 * process and working directory, its output in a log file.
 */
final class BotJvm implements AutoCloseable {

    private final Process process;

    private final Path log;

    private BotJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the bot.
     *
     * @param jar the sample's executable jar
     * @param jvmFlags flags for the bot's JVM (empty for the defaults)
     * @param dir the working directory, also for the log
     * @param args Spring Boot arguments
     * @param env environment variables set for the bot's process (such as {@code MALLOC_ARENA_MAX})
     * @return the running bot
     * @throws IOException if it cannot be started
     */
    static BotJvm start(Path jar, List<String> jvmFlags, Path dir, List<String> args, java.util.Map<String, String> env)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        command.addAll(args);
        Path log = dir.resolve("bot.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("TGFSM_BOT_TOKEN");
        builder.environment().remove("TGFSM_BOT_API_URL");
        builder.environment().remove("TGFSM_REDIS_URL");
        builder.environment().putAll(env);
        return new BotJvm(builder.start(), log);
    }

    /**
     * Returns the process id.
     *
     * @return the pid
     */
    long pid() {
        return process.pid();
    }

    /**
     * Tells whether the bot still runs.
     *
     * @return {@code true} while alive
     */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Runs {@code jcmd} against the bot (to start and stop a flight recording).
     *
     * @param args the diagnostic command and its options
     * @return jcmd's output
     * @throws IOException if jcmd cannot be run
     */
    String jcmd(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("jcmd", String.valueOf(pid())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /**
     * Returns the end of the bot's output, for failure messages.
     *
     * @return up to the last 4,000 characters of the log
     */
    String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    /** Stops the bot ({@code SIGTERM}), killing it after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
