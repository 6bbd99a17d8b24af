package dev.tgfsm.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A class of the test class path running as a separate JVM process, the way an operator runs an
 * application: started with the test's class path and arguments, its output written to a log file,
 * and stopped either gracefully ({@code SIGTERM}) or killed ({@code SIGKILL}, as {@code kill -9}).
 */
public class JvmProcess implements AutoCloseable {

    private final Process process;

    private final Path log;

    /**
     * Wraps a started process.
     *
     * @param process the process
     * @param log the file that receives its output
     */
    protected JvmProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the {@code main} method of a class in a new JVM.
     *
     * @param main the class whose {@code main} method runs
     * @param log the file that receives the process's output
     * @param args the arguments
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static JvmProcess start(Class<?> main, Path log, List<String> args) throws IOException {
        return new JvmProcess(launch(main, null, log, args), log);
    }

    /**
     * Launches the {@code main} method of a class in a new JVM with a small heap and quick start-up.
     *
     * @param main the class whose {@code main} method runs
     * @param workingDirectory the folder the process starts in, or {@code null} for the current one
     * @param log the file that receives the process's output
     * @param args the arguments
     * @return the process
     * @throws IOException if it cannot be started
     */
    protected static Process launch(Class<?> main, @Nullable Path workingDirectory, Path log, List<String> args)
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
        return builder.start();
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
     * Waits until the process ends by itself.
     *
     * @param timeout the longest wait
     * @return its exit code
     * @throws InterruptedException if interrupted while waiting
     * @throws AssertionError if it still runs after the timeout
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The process did not end within " + timeout + ":\n" + tail());
        }
        return process.exitValue();
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
     * Returns the process's output so far.
     *
     * @return the whole log
     */
    public String output() {
        try {
            return Files.readString(log);
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    /**
     * Returns the end of the process's output, for failure messages.
     *
     * @return up to the last 4,000 characters of the log
     */
    public String tail() {
        String text = output();
        return text.substring(Math.max(0, text.length() - 4000));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
