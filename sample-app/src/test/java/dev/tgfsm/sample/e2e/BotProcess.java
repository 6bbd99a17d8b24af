package dev.tgfsm.sample.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tgfsm.sample.SampleBotApplication;

/**
 * The sample bot running as a separate JVM process, the way an operator runs it: started with the
 * test's class path and Spring Boot arguments, its output written to a log file, and stopped either
 * gracefully ({@code SIGTERM}) or killed ({@code SIGKILL}, as {@code kill -9}).
 */
public final class BotProcess implements AutoCloseable {

    private final Process process;

    private final Path log;

    private BotProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the sample bot.
     *
     * @param log the file that receives the process's output
     * @param args Spring Boot arguments
     * @return the running process
     * @throws IOException if it cannot be started
     */
    static BotProcess start(Path log, List<String> args) throws IOException {
        return start(SampleBotApplication.class, log, args);
    }

    /**
     * Starts another application of the test class path (a test bot) the same way.
     *
     * @param main the class whose {@code main} method starts the application
     * @param log the file that receives the process's output
     * @param args Spring Boot arguments
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static BotProcess start(Class<?> main, Path log, List<String> args) throws IOException {
        return start(main, null, log, args);
    }

    /**
     * Starts the sample bot in a working directory of its own, as {@code java -jar} from that folder.
     *
     * @param workingDirectory the folder the process starts in
     * @param log the file that receives the process's output
     * @param args Spring Boot arguments
     * @return the running process
     * @throws IOException if it cannot be started
     */
    static BotProcess startIn(Path workingDirectory, Path log, List<String> args) throws IOException {
        return start(SampleBotApplication.class, workingDirectory, log, args);
    }

    private static BotProcess start(Class<?> main, Path workingDirectory, Path log, List<String> args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().remove("TGFSM_BOT_TOKEN");
        builder.environment().remove("TGFSM_BOT_API_URL");
        return new BotProcess(builder.start(), log);
    }

    /**
     * Kills the process at once, as {@code kill -9} does, and waits until it is gone.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Asks the process to stop ({@code SIGTERM}) and waits for it.
     *
     * @param timeout the longest wait before it is killed
     * @throws InterruptedException if interrupted while waiting
     */
    public void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /**
     * Tells whether the process still runs.
     *
     * @return {@code true} while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the end of the process's output, for failure messages.
     *
     * @return up to the last 4,000 characters of the log
     */
    public String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
