package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * A reader's application that keeps tgfsm's tables with Flyway or with Liquibase, built from exactly
 * the README: the dependencies of "Adding tgfsm to a bot" and those of the section on creating the SQL
 * tables ({@code flyway-dependencies}, {@code liquibase-dependencies}), resolved by Maven from a
 * {@code pom.xml} that holds the README's XML as it is under Spring Boot's BOM, the registration
 * handler snippet, and the {@code application-yml} snippet with the {@code flyway} or {@code
 * liquibase} snippet as its {@code application.yml} in the working directory. For MariaDB the
 * README's comments name the replacements (the driver {@code org.mariadb.jdbc:mariadb-java-client},
 * {@code flyway-mysql}, the folder {@code mariadb}), which the test applies.
 *
 * <p>Each run starts the application as its own JVM ({@code java -cp}) on a new, empty database of
 * the real server with a token against a local Bot API server: the migration tool creates the
 * tables (its history table records tgfsm's {@code V1}, or its changelog table tgfsm's change set),
 * tgfsm starts with {@code initialize-schema: never} and stores the registration handler's answers
 * there. It is then stopped with {@code SIGTERM} and must end promptly.
 */
@RequiresServers({TestServer.POSTGRES, TestServer.MARIADB})
class ReadmeMigrationToolsIT {

    /** What a reader writes besides the snippets: the application class. */
    private static final String MAIN = """
            import org.springframework.boot.SpringApplication;
            import org.springframework.boot.autoconfigure.SpringBootApplication;

            @SpringBootApplication
            public class MigratedBot {

                public static void main(String[] args) {
                    SpringApplication.run(MigratedBot.class, args);
                }
            }
            """;

    private static final Duration START = Duration.ofMinutes(3);

    /** How long a stopped application may take to end: well below the dispatcher's 30 s shutdown timeout. */
    private static final Duration STOP = Duration.ofSeconds(15);

    /** The migration tools of the README, each with its snippets. */
    enum Tool {
        FLYWAY("flyway-dependencies", "flyway"), LIQUIBASE("liquibase-dependencies", "liquibase");

        final String dependencies;

        final String yaml;

        Tool(String dependencies, String yaml) {
            this.dependencies = dependencies;
            this.yaml = yaml;
        }
    }

    /** The databases, each with what the README says to replace for it. */
    enum Database {
        POSTGRESQL(TestServer.POSTGRES, "postgresql"), MARIADB(TestServer.MARIADB, "mariadb");

        final TestServer server;

        final String platform;

        Database(TestServer server, String platform) {
            this.server = server;
            this.platform = platform;
        }

        /** The README's dependency snippet for this database (written for PostgreSQL; its comments name MariaDB's). */
        String dependencies(String snippet) {
            String xml = ReadmeSnippets.text(snippet);
            if (this == POSTGRESQL) {
                return xml;
            }
            assertThat(xml).as("the README names MariaDB's driver").contains("org.mariadb.jdbc:mariadb-java-client");
            String replaced = xml.replaceAll(
                    "<groupId>org.postgresql</groupId>(\\s*)<artifactId>postgresql</artifactId>",
                    "<groupId>org.mariadb.jdbc</groupId>$1<artifactId>mariadb-java-client</artifactId>");
            if (xml.contains("flyway-database-postgresql")) {
                assertThat(xml).as("the README names Flyway's MariaDB module").contains("flyway-mysql");
                replaced = replaced.replace("<artifactId>flyway-database-postgresql</artifactId>",
                        "<artifactId>flyway-mysql</artifactId>");
            }
            assertThat(replaced).doesNotContain("<artifactId>postgresql</artifactId>", "flyway-database-postgresql");
            return replaced;
        }

        /** The README's YAML snippet for this database. */
        String yaml(String snippet) {
            String yaml = ReadmeSnippets.text(snippet);
            return this == POSTGRESQL ? yaml
                    : yaml.replace("classpath:db/tgfsm/migration/postgresql", "classpath:db/tgfsm/migration/mariadb");
        }
    }

    private static final String FLYWAY_CORE_ONLY = "flyway-core-only-postgresql";

    private static Path classes;

    /** The class path of the README's Flyway dependencies with flyway-core in place of spring-boot-flyway. */
    private static String flywayCoreOnly;

    /** The application's class path, by tool and database. */
    private static final Map<Tool, Map<Database, String>> CLASS_PATHS = new EnumMap<>(Tool.class);

    @BeforeAll
    static void build(@TempDir Path build) throws Exception {
        String readmeClassPath = Files.readString(Path.of("target", "readme-classpath.txt")).strip();
        classes = SnippetCompiler.compile(build.resolve("app"),
                Map.of("registration-handler", "%s", SnippetCompiler.OWN + "MigratedBot", MAIN), readmeClassPath);
        Map<String, String> resolved = resolve(build.resolve("maven"));
        for (Tool tool : Tool.values()) {
            for (Database database : Database.values()) {
                String extra = resolved.get(tool.name().toLowerCase() + "-" + database.platform);
                CLASS_PATHS.computeIfAbsent(tool, t -> new EnumMap<>(Database.class)).put(database,
                        merge(readmeClassPath, extra));
            }
        }
        flywayCoreOnly = merge(readmeClassPath, resolved.get(FLYWAY_CORE_ONLY));
        assertThat(flywayCoreOnly).contains("flyway-core", "flyway-database-postgresql")
                .doesNotContain("spring-boot-flyway");
        assertThat(CLASS_PATHS.get(Tool.FLYWAY).get(Database.POSTGRESQL)).contains("spring-boot-flyway",
                "flyway-database-postgresql", "postgresql-").doesNotContain("liquibase", "flyway-mysql", "mariadb");
        assertThat(CLASS_PATHS.get(Tool.FLYWAY).get(Database.MARIADB)).contains("flyway-mysql", "mariadb-java-client")
                .doesNotContain("liquibase", "flyway-database-postgresql");
        assertThat(CLASS_PATHS.get(Tool.LIQUIBASE).get(Database.POSTGRESQL)).contains("spring-boot-liquibase",
                "liquibase-core").doesNotContain("flyway");
        assertThat(CLASS_PATHS.get(Tool.LIQUIBASE).get(Database.MARIADB)).contains("mariadb-java-client")
                .doesNotContain("flyway");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void flywayFromTheReadmeCreatesTheTablesAndTheBotAnswers(Database database, @TempDir Path work) throws Exception {
        run(Tool.FLYWAY, database, work);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void liquibaseFromTheReadmeCreatesTheTablesAndTheBotAnswers(Database database, @TempDir Path work)
            throws Exception {
        run(Tool.LIQUIBASE, database, work);
    }

    /**
     * As the README says: with {@code flyway-core} but without Spring Boot's {@code spring-boot-flyway}
     * nothing runs Flyway, and tgfsm stops the start-up naming the missing table and the module.
     */
    @Test
    void withFlywayCoreButWithoutSpringBootFlywayTheStartUpStopsNamingTheTableAndTheModule(@TempDir Path work)
            throws Exception {
        String name = "readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = createDatabase(Database.POSTGRESQL, name);
        try {
            Files.writeString(work.resolve("application.yml"),
                    ReadmeSnippets.text("application-yml") + "---\n" + ReadmeSnippets.text("flyway"));
            Path log = work.resolve("app.log");
            Process app = start(flywayCoreOnly, work, log,
                    List.of("--tgfsm.storage.type=jdbc", "--spring.datasource.url=" + url,
                            "--tgfsm.bot.api-url=http://127.0.0.1:9"));
            assertThat(app.waitFor(START.toMillis(), TimeUnit.MILLISECONDS)).as("ended:\n%s", tail(log)).isTrue();
            assertThat(app.exitValue()).as("exit code:\n%s", tail(log)).isEqualTo(1);
            assertThat(Files.readString(log)).contains("APPLICATION FAILED TO START")
                    .contains("tgfsm's table tgfsm_records cannot be read").contains("spring-boot-flyway");
        }
        finally {
            dropDatabase(Database.POSTGRESQL, name);
        }
    }

    /**
     * Stopped while Telegram does not answer the reply of a running update and three more updates of
     * the conversation wait behind it: the running one waits for Telegram at most {@code
     * tgfsm.outbox.redeliver-after} (10 s; its reply stays stored for the next start), the waiting ones
     * are not started (Telegram delivers them again), so the shutdown is not held once per waiting
     * update. Before, each ran and waited 10 s for the same pending reply, and the dispatcher gave up
     * after its 30 s shutdown timeout with "1 update(s) were still running".
     */
    @Test
    void stoppedWhileTelegramHoldsARepliesTheUpdatesBehindItAreLeftForTelegram(@TempDir Path work)
            throws Exception {
        Database database = Database.POSTGRESQL;
        Tool tool = Tool.LIQUIBASE;
        String name = "readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = createDatabase(database, name);
        try {
            Files.writeString(work.resolve("application.yml"),
                    ReadmeSnippets.text("application-yml") + "---\n" + database.yaml(tool.yaml));
            Path log = work.resolve("app.log");
            long user = 4344;
            Duration stopped;
            List<Integer> behind = new ArrayList<>();
            int confirmed;
            try (LocalBotApiServer telegram = LocalBotApiServer.start()) {
                Process app = start(CLASS_PATHS.get(tool).get(database), work, log,
                        List.of("--tgfsm.bot.api-url=" + telegram.url(), "--tgfsm.storage.type=jdbc",
                                "--spring.datasource.url=" + url));
                try {
                    int register = telegram.enqueueMessage(user, "/register");
                    telegram.awaitText(user, "What is your name?", START);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (telegram.confirmedOffset() <= register) {
                        assertThat(System.nanoTime()).as("/register confirmed").isLessThan(deadline);
                        Thread.sleep(20);
                    }
                    telegram.holdSending(user);
                    int before = telegram.requests("sendMessage").size();
                    telegram.enqueueMessage(user, "Alice");
                    behind.add(telegram.enqueueMessage(user, "alice@example.com"));
                    behind.add(telegram.enqueueMessage(user, "again"));
                    behind.add(telegram.enqueueMessage(user, "and again"));
                    telegram.awaitRequests("sendMessage", before + 1, Duration.ofSeconds(60));
                }
                finally {
                    long stopping = System.nanoTime();
                    app.destroy();
                    boolean ended = app.waitFor(90, TimeUnit.SECONDS);
                    stopped = Duration.ofNanos(System.nanoTime() - stopping);
                    if (!ended) {
                        app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    }
                }
                confirmed = telegram.confirmedOffset();
            }
            System.out.printf("held reply, 3 updates behind it: stopped %d ms after SIGTERM%n", stopped.toMillis());
            assertThat(Files.readString(log)).as("log").contains("Started MigratedBot")
                    .doesNotContain("were still running when the dispatcher shut down");
            assertThat(confirmed).as("the updates behind the held one are not confirmed").isLessThanOrEqualTo(
                    behind.get(0));
            assertThat(stopped).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(25));
        }
        finally {
            dropDatabase(database, name);
        }
    }

    private void run(Tool tool, Database database, Path work) throws Exception {
        String name = "readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = createDatabase(database, name);
        try {
            Files.writeString(work.resolve("application.yml"),
                    ReadmeSnippets.text("application-yml") + "---\n" + database.yaml(tool.yaml));
            Path log = work.resolve("app.log");
            long user = 4343;
            Duration stopped;
            try (LocalBotApiServer telegram = LocalBotApiServer.start()) {
                Process app = start(CLASS_PATHS.get(tool).get(database), work, log,
                        List.of("--tgfsm.bot.api-url=" + telegram.url(), "--tgfsm.storage.type=jdbc",
                                "--spring.datasource.url=" + url));
                try {
                    telegram.enqueueMessage(user, "/register");
                    telegram.awaitText(user, "What is your name?", START);
                    telegram.enqueueMessage(user, "Alice");
                    telegram.awaitText(user, "Your email?", Duration.ofSeconds(60));
                    assertThat(telegram.texts(user)).as("log:\n%s", tail(log)).containsExactly("What is your name?",
                            "Your email?");
                }
                finally {
                    long stopping = System.nanoTime();
                    app.destroy();
                    boolean ended = app.waitFor(90, TimeUnit.SECONDS);
                    stopped = Duration.ofNanos(System.nanoTime() - stopping);
                    if (!ended) {
                        app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    }
                }
            }
            System.out.printf("%s on %s: stopped %d ms after SIGTERM%n", tool, database, stopped.toMillis());
            String output = Files.readString(log);
            assertThat(output).contains("Started MigratedBot").doesNotContain("ERROR");
            assertThat(stopped).as("SIGTERM to exit, log:\n%s", tail(log)).isLessThan(STOP);

            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                if (tool == Tool.FLYWAY) {
                    assertThat(strings(statement, "SELECT script FROM flyway_schema_history WHERE success"))
                            .as("Flyway's history").containsExactly("V1__tgfsm.sql");
                }
                else {
                    // Liquibase names its table in upper case, which MariaDB on Linux keeps
                    String changelog = database == Database.MARIADB ? "DATABASECHANGELOG" : "databasechangelog";
                    assertThat(strings(statement, "SELECT id FROM " + changelog)).as("Liquibase's changelog")
                            .containsExactly("tgfsm-v1-" + database.platform);
                }
                assertThat(strings(statement, "SELECT state FROM tgfsm_records WHERE state IS NOT NULL"))
                        .as("the registration state, stored in the migrated table")
                        .containsExactly("Registration:EMAIL");
            }
        }
        finally {
            dropDatabase(database, name);
        }
    }

    /**
     * Resolves the class path of each tool's and database's dependency snippet with Maven, offline, from
     * a project that holds the README's XML under Spring Boot's dependency management.
     *
     * @return by {@code tool-platform}, the class path Maven resolved
     */
    private static Map<String, String> resolve(Path dir) throws Exception {
        String bootVersion = property(Files.readString(Path.of("..", "pom.xml")), "spring-boot.version");
        StringBuilder modules = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (Tool tool : Tool.values()) {
            for (Database database : Database.values()) {
                String name = tool.name().toLowerCase() + "-" + database.platform;
                names.add(name);
                modules.append("<module>").append(name).append("</module>");
                Files.createDirectories(dir.resolve(name));
                Files.writeString(dir.resolve(name).resolve("pom.xml"), """
                        <project xmlns="http://maven.apache.org/POM/4.0.0">
                          <modelVersion>4.0.0</modelVersion>
                          <groupId>readme</groupId>
                          <artifactId>%s</artifactId>
                          <version>1</version>
                          <dependencyManagement>
                            <dependencies>
                              <dependency>
                                <groupId>org.springframework.boot</groupId>
                                <artifactId>spring-boot-dependencies</artifactId>
                                <version>%s</version>
                                <type>pom</type>
                                <scope>import</scope>
                              </dependency>
                            </dependencies>
                          </dependencyManagement>
                          <dependencies>
                        %s
                          </dependencies>
                        </project>
                        """.formatted(name, bootVersion, database.dependencies(tool.dependencies)));
            }
        }
        // what the README warns about: Flyway's core library without Spring Boot's Flyway module
        String coreOnly = Database.POSTGRESQL.dependencies(Tool.FLYWAY.dependencies).replace(
                "<groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-flyway</artifactId>",
                "<groupId>org.flywaydb</groupId>\n    <artifactId>flyway-core</artifactId>");
        assertThat(coreOnly).doesNotContain("spring-boot-flyway");
        names.add(FLYWAY_CORE_ONLY);
        modules.append("<module>").append(FLYWAY_CORE_ONLY).append("</module>");
        Files.createDirectories(dir.resolve(FLYWAY_CORE_ONLY));
        Files.writeString(dir.resolve(FLYWAY_CORE_ONLY).resolve("pom.xml"),
                Files.readString(dir.resolve("flyway-postgresql").resolve("pom.xml"))
                        .replace("<artifactId>flyway-postgresql</artifactId>",
                                "<artifactId>" + FLYWAY_CORE_ONLY + "</artifactId>")
                        .replace(Database.POSTGRESQL.dependencies(Tool.FLYWAY.dependencies), coreOnly));
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>readme</groupId>
                  <artifactId>readme-jdbc</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>%s</modules>
                </project>
                """.formatted(modules));
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path log = dir.resolve("maven.log");
        ProcessBuilder maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-o", "-q", "-B", "-f",
                dir.resolve("pom.xml").toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath",
                "-Dmdep.outputFile=classpath.txt", "-Dmdep.includeScope=runtime").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = maven.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("Maven ended").isTrue();
        assertThat(process.exitValue()).as("Maven:\n%s", Files.readString(log)).isZero();
        Map<String, String> classPaths = new java.util.HashMap<>();
        for (String name : names) {
            classPaths.put(name, Files.readString(dir.resolve(name).resolve("classpath.txt")).strip());
        }
        return classPaths;
    }

    /** The README's class path, then each entry of the other one whose artifact it does not have yet. */
    private static String merge(String readme, String extra) {
        Set<String> entries = new LinkedHashSet<>(List.of(readme.split(File.pathSeparator)));
        Set<Path> artifacts = new java.util.HashSet<>();
        entries.forEach(e -> artifacts.add(artifact(e)));
        for (String entry : extra.split(File.pathSeparator)) {
            if (artifacts.add(artifact(entry))) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A jar's artifact folder in the local repository ({@code group/artifact}), or the entry itself. */
    private static Path artifact(String entry) {
        Path path = Path.of(entry);
        return entry.endsWith(".jar") && path.getParent() != null && path.getParent().getParent() != null
                ? path.getParent().getParent()
                : path;
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(matcher.find()).as(name).isTrue();
        return matcher.group(1).strip();
    }

    private static String createDatabase(Database database, String name) throws Exception {
        String url = database.server.url();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url.replaceFirst("(//[^/]+/)[^?]+", "$1" + name);
    }

    private static void dropDatabase(Database database, String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.server.url());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    private static List<String> strings(Statement statement, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static Process start(String classPath, Path work, Path log, List<String> args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                classes + File.pathSeparator + classPath, "readme.MigratedBot"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TGFSM_") || name.startsWith("SPRING_"));
        builder.environment().put("TGFSM_BOT_TOKEN", "123:readme");
        return builder.start();
    }

    private static String tail(Path log) throws Exception {
        String output = Files.exists(log) ? Files.readString(log) : "";
        return output.length() > 8000 ? output.substring(output.length() - 8000) : output;
    }
}
