package dev.tgfsm.sample.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.tgfsm.sample.SampleBotApplication;
import dev.tgfsm.servers.JvmProcess;

/**
 * The sample bot (or another application of the test class path) running as a separate JVM process,
 * the way an operator runs it: started with the test's class path and Spring Boot arguments, its
 * output written to a log file, and stopped either gracefully ({@code SIGTERM}) or killed
 * ({@code SIGKILL}, as {@code kill -9}).
 */
public final class BotProcess extends JvmProcess {

    private BotProcess(Process process, Path log) {
        super(process, log);
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
        return new BotProcess(launch(main, null, log, args), log);
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
        return new BotProcess(launch(SampleBotApplication.class, workingDirectory, log, args), log);
    }
}
