package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tgfsm.testing.LocalBotApiServer;

/**
 * A reader's application, as a separate JVM on exactly the README's dependencies: its class path is
 * the runtime class path of this module's compile dependencies (those of "Adding tgfsm to a bot",
 * {@code ReadmeDependenciesTests}), written by the build to {@code target/readme-classpath.txt},
 * without the test kit, Spring Boot's test starter or anything else the in-process
 * {@link ReadmeApplicationTests} has. The README's Java snippets are compiled against that class path
 * with a plain {@code @SpringBootApplication} class, the YAML snippets are its {@code
 * application.yml}, and it is started twice as {@code java -cp}: without a token (it starts, logs
 * through a real logging system and ends by itself) and with a token against a local Bot API server
 * (tgfsm's own long polling answers the registration handler). Without a token, the README's broadcast
 * bean, which injects the {@code TelegramClient}, stops the start-up with tgfsm's explanation, as the
 * README says; the other snippets start.
 */
class ReadmeFreshApplicationIT {

    /** What a reader writes besides the snippets: the application class, and the ban list of the middleware snippet. */
    private static final String MAIN = """
            import org.springframework.boot.SpringApplication;
            import org.springframework.boot.autoconfigure.SpringBootApplication;

            @SpringBootApplication
            public class ReadmeBot {

                @Bean
                Set<Long> banned() {
                    return Set.of(666L);
                }

                public static void main(String[] args) {
                    SpringApplication.run(ReadmeBot.class, args);
                }
            }
            """;

    private static final Duration START = Duration.ofMinutes(3);

    /** The class path with every snippet. */
    private static String classPath;

    /** The class path with every snippet but the broadcast, whose bean needs a TelegramClient. */
    private static String withoutClient;

    @BeforeAll
    static void build(@TempDir Path build) throws Exception {
        String readmeClassPath = Files.readString(Path.of("target", "readme-classpath.txt")).strip();
        assertThat(readmeClassPath).as("the README's class path")
                .contains("fsm-spring-boot-starter", "telegrambots-client")
                .doesNotContain("fsm-test", "spring-boot-starter-test", "junit");
        Map<String, String> sources = new HashMap<>(ReadmeApplicationTests.JAVA);
        sources.put(SnippetCompiler.OWN + "ReadmeBot", MAIN);
        classPath = compile(build.resolve("all"), sources) + File.pathSeparator + readmeClassPath;
        sources.remove("app-broadcast");
        withoutClient = compile(build.resolve("no-broadcast"), sources) + File.pathSeparator + readmeClassPath;
    }

    /** Compiles against the README's class path and adds the YAML snippets as its application.yml. */
    private static Path compile(Path build, Map<String, String> sources) throws Exception {
        String readmeClassPath = Files.readString(Path.of("target", "readme-classpath.txt")).strip();
        Path classes = SnippetCompiler.compile(build, sources, readmeClassPath);
        Files.writeString(classes.resolve("application.yml"),
                String.join("---\n", ReadmeApplicationTests.YAML.stream().map(ReadmeSnippets::text).toList()));
        return classes;
    }

    @Test
    void withoutATokenItStartsLogsAndEndsByItself(@TempDir Path work) throws Exception {
        Path log = work.resolve("app.log");
        // a typo'd key, as a reader might write one: the warning must reach a real log
        Process app = start(withoutClient, work, log, Map.of(), List.of("--tgfsm.storage.typ=memory"));
        assertThat(app.waitFor(START.toMillis(), TimeUnit.MILLISECONDS)).as("ended by itself:\n%s", tail(log)).isTrue();
        String output = Files.readString(log);
        assertThat(app.exitValue()).as("exit code:\n%s", output).isZero();
        assertThat(output).contains("Started ReadmeBot")
                .contains("No tgfsm setting reads tgfsm.storage.typ")
                .contains("No TelegramClient bean")
                .doesNotContain("No SLF4J providers", "snakeyaml", "APPLICATION FAILED TO START");
    }

    @Test
    void withoutATokenTheBroadcastBeanStopsTheStartUpSayingWhy(@TempDir Path work) throws Exception {
        Path log = work.resolve("app.log");
        Process app = start(classPath, work, log, Map.of(), List.of());
        assertThat(app.waitFor(START.toMillis(), TimeUnit.MILLISECONDS)).as("ended:\n%s", tail(log)).isTrue();
        assertThat(app.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("APPLICATION FAILED TO START")
                .contains("Bean 'newsletter' (constructor parameter 0) needs a TelegramClient, and there is none")
                .contains("Set tgfsm.bot.token");
    }

    @Test
    void withATokenItPollsALocalBotApiServerAndTheHandlersAnswer(@TempDir Path work) throws Exception {
        Path log = work.resolve("app.log");
        try (LocalBotApiServer telegram = LocalBotApiServer.start()) {
            Process app = start(classPath, work, log, Map.of("TGFSM_BOT_TOKEN", "123:readme"),
                    List.of("--tgfsm.bot.api-url=" + telegram.url()));
            try {
                long user = 4242;
                telegram.enqueueMessage(user, "/register");
                telegram.awaitText(user, "What is your name?", START);
                telegram.enqueueMessage(user, "Alice");
                telegram.awaitText(user, "Your email?", Duration.ofSeconds(60));
                telegram.enqueueMessage(user, "/feedback");
                telegram.awaitText(user, "How do you rate us, 1 to 5?", Duration.ofSeconds(60));
                assertThat(telegram.texts(user)).as("log:\n%s", tail(log))
                        .containsExactly("What is your name?", "Your email?", "How do you rate us, 1 to 5?");
            }
            finally {
                app.destroy();
                if (!app.waitFor(60, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(Files.readString(log)).contains("Started ReadmeBot").doesNotContain("ERROR");
    }

    private static Process start(String classPath, Path work, Path log, Map<String, String> env, List<String> args)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                "readme.ReadmeBot"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TGFSM_") || name.startsWith("SPRING_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String tail(Path log) throws Exception {
        String output = Files.exists(log) ? Files.readString(log) : "";
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
