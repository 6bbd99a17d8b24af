package dev.tgfsm.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * The sample bot end to end: for each JVM configuration it starts a private {@code redis-server},
 * a {@link LocalBotApiServer} in this JVM and the sample bot's executable jar as a separate process
 * with the {@code redis} profile; warms the bot up, then measures rounds of {@link Workload} traffic
 * (5,000 updates from 500 users by default) from outside the bot: updates per second from the first
 * update queued until the bot's {@code getUpdates} offset passes the last one, bot CPU time per
 * update from {@code /proc/<pid>/stat}, resident memory ({@code VmRSS}, peak {@code VmHWM}), Redis
 * commands and server time per update from {@code INFO commandstats}, and the Bot API requests the
 * bot made. A configuration named with {@code --jfr} also runs the bot with Java Flight Recorder
 * (settings {@code profile}, with per-thread allocation every second) and prints {@link JfrHotSpots}
 * of the measured rounds; {@code --jfr} may name several configurations.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.tgfsm.bench.e2e.EndToEndBenchmark
 * [--jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar] [--users 500] [--warmup 25] [--rounds 3]
 * [--config name=flags ...] [--jfr name=flags] [--out results.md]}; flags are JVM options separated
 * by spaces, empty for the JVM's defaults; those starting with {@code --} go to the bot as Spring Boot
 * arguments (for example {@code --tgfsm.bot.polling.limit=20}), and {@code jar:path} runs that configuration
 * with another jar (to compare two builds in one run), and {@code env:NAME=value} sets an environment
 * variable of the bot's process (for example {@code env:MALLOC_ARENA_MAX=2}). Without {@code --config} it runs {@code default=} and
 * {@code xmx128m=-Xmx128m}. The bot's outbound flood control is off: it would pace the replies to
 * Telegram's 30 messages per second.
 */
public final class EndToEndBenchmark {

    private static final String TOKEN = "123:BENCH";

    private static final String JAR_FLAG = "jar:";

    private static final String ENV_FLAG = "env:";

    private static final long READY_TIMEOUT_SECONDS = 180;

    private static final long ROUND_TIMEOUT_SECONDS = 300;

    private EndToEndBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class description
     * @throws Exception if a server or the bot cannot be started, or a round does not finish
     */
    public static void main(String[] args) throws Exception {
        // the bot and the private Redis are this process's children: stop them if this process is stopped
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().children()
                .forEach(ProcessHandle::destroy)));
        Path jar = Path.of("sample-app/target/sample-app-0.1.0-SNAPSHOT.jar");
        Path out = null;
        int users = 500;
        int warmup = 25;
        int rounds = 3;
        Map<String, List<String>> configs = new LinkedHashMap<>();
        java.util.Set<String> jfrConfigs = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--config", "--jfr" -> {
                    String[] named = args[i + 1].split("=", 2);
                    configs.put(named[0], flags(named.length > 1 ? named[1] : ""));
                    if (args[i].equals("--jfr")) {
                        jfrConfigs.add(named[0]);
                    }
                    i++;
                }
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (configs.isEmpty()) {
            configs.put("default", List.of());
            configs.put("xmx128m", List.of("-Xmx128m"));
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("No sample jar at " + jar.toAbsolutePath()
                    + ": build it with ./mvnw -o -q -pl sample-app -am package -DskipTests");
        }
        long clk = Long.parseLong(run("getconf", "CLK_TCK").trim());
        StringBuilder report = new StringBuilder();
        report.append("\n## Run of ").append(Instant.now()).append(" (").append(users).append(" users x ")
                .append(Workload.updatesPerUser()).append(" updates per round, ").append(warmup)
                .append(" warm-up rounds, ").append(rounds).append(" measured)\n\n");
        report.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(run("uname", "-r").trim()).append(", Java ").append(System.getProperty("java.version"))
                .append(", load average before: ").append(Files.readString(Path.of("/proc/loadavg")).trim())
                .append("\n");
        for (Map.Entry<String, List<String>> config : configs.entrySet()) {
            boolean profile = jfrConfigs.contains(config.getKey());
            report.append(runConfig(config.getKey(), config.getValue(), profile, jar, users, warmup, rounds, clk));
            System.out.println(report);
        }
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static String runConfig(String name, List<String> flags, boolean profile, Path jar, int users,
            int warmup, int rounds, long clk) throws Exception {
        Path dir = Files.createTempDirectory("tgfsm-e2e-" + name);
        Path recording = dir.resolve("e2e.jfr");
        List<RoundResult> results = new ArrayList<>();
        long startMillis;
        ProcessSample idle;
        String trace;
        Instant from;
        Instant to;
        try (PrivateRedis redis = PrivateRedis.start(dir); LocalBotApiServer api = LocalBotApiServer.start()) {
            long started = System.nanoTime();
            List<String> jvmFlags = new ArrayList<>(flags.stream().filter(f -> f.startsWith("-") && !f.startsWith("--"))
                    .toList());
            Path botJar = flags.stream().filter(f -> f.startsWith(JAR_FLAG)).findFirst()
                    .map(f -> Path.of(f.substring(JAR_FLAG.length()))).orElse(jar);
            if (profile) {
                // recording from the start: starting it later makes the JVM instrument and recompile
                // code during the measured rounds; only the rounds' events are summarised
                jvmFlags.add(
                        "-XX:StartFlightRecording=name=e2e,settings=profile,jdk.ThreadAllocationStatistics#period=1s");
            }
            List<String> botArgs = new ArrayList<>(List.of("--spring.profiles.active=redis",
                    "--spring.data.redis.url=" + redis.url(), "--tgfsm.bot.token=" + TOKEN,
                    "--tgfsm.bot.api-url=" + api.url(), "--sample.console.enabled=false",
                    "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("bot.db"),
                    // the outbound flood control paces replies to Telegram's 30/s, which is not what is measured
                    "--tgfsm.bot.flood.enabled=false"));
            botArgs.addAll(flags.stream().filter(f -> f.startsWith("--")).toList());
            java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
            flags.stream().filter(f -> f.startsWith(ENV_FLAG)).map(f -> f.substring(ENV_FLAG.length()))
                    .forEach(f -> env.put(f.substring(0, f.indexOf('=')), f.substring(f.indexOf('=') + 1)));
            try (BotJvm bot = BotJvm.start(botJar, jvmFlags, dir, botArgs, env)) {
                awaitPolling(api, bot);
                startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                idle = ProcessSample.of(bot.pid());
                long user = 1_000_000;
                for (int r = 0; r < warmup; r++, user += users) {
                    round(api, redis, bot, user, users, clk);
                    System.err.printf("%s warm-up %d done%n", name, r + 1);
                }
                from = Instant.now();
                for (int r = 0; r < rounds; r++, user += users) {
                    RoundResult result = round(api, redis, bot, user, users, clk);
                    results.add(result);
                    System.err.printf(Locale.ROOT,
                            "%s round %d: %.0f updates/s, %.3f ms CPU/update (%.3f without JIT)%n",
                            name, r + 1, result.updatesPerSecond(), result.cpuMillisPerUpdate(),
                            result.cpuMillisPerUpdateWithoutCompilers());
                }
                to = Instant.now();
                if (profile) {
                    System.err.println(bot.jcmd("JFR.stop", "name=e2e", "filename=" + recording));
                }
                trace = traceOneUser(api, redis, bot, user, dir);
            }
        }
        StringBuilder md = new StringBuilder();
        List<String> jvm = flags.stream().filter(f -> f.startsWith("-") && !f.startsWith("--")).toList();
        List<String> extra = flags.stream().filter(f -> f.startsWith("--") || f.startsWith(JAR_FLAG)
                || f.startsWith(ENV_FLAG)).toList();
        md.append("\n### ").append(name).append(": `java ").append(String.join(" ", jvm))
                .append(jvm.isEmpty() ? "" : " ").append("-jar sample-app.jar --spring.profiles.active=redis")
                .append(extra.isEmpty() ? "" : " " + String.join(" ", extra)).append("`")
                .append(profile ? " + JFR (profile)" : "")
                .append("\n\nStarted and polling after ").append(startMillis).append(" ms; RSS idle after start ")
                .append(idle.rssKib() / 1024).append(" MiB.\n\n");
        md.append("| round | updates/s (confirmed) | s to confirm | s to last reply | bot CPU ms/update "
                + "| without JIT compilers | RSS MiB | peak RSS MiB "
                + "| Redis cmds/update | Redis µs/update | redis-server CPU ms/update | orders placed | throttled | load avg |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < results.size(); i++) {
            RoundResult r = results.get(i);
            md.append(String.format(Locale.ROOT,
                    "| %d | %.0f | %.2f | %.2f | %.3f | %.3f | %d | %d | %.2f | %.1f | %.3f | %d | %d "
                            + "| %.1f |%n",
                    i + 1, r.updatesPerSecond(), r.confirmSeconds(), r.replySeconds(), r.cpuMillisPerUpdate(),
                    r.cpuMillisPerUpdateWithoutCompilers(),
                    r.rssKib() / 1024, r.hwmKib() / 1024, r.redisCallsPerUpdate(), r.redisMicrosPerUpdate(),
                    r.ticksToMillis(r.redisCpuTicks()) / r.updates(), r.ordersPlaced(), r.throttled(),
                    r.loadAverage()));
        }
        RoundResult median = results.stream().sorted(Comparator.comparingDouble(RoundResult::updatesPerSecond))
                .toList().get(results.size() / 2);
        md.append("\nMedian round (by throughput): Redis commands per update by command (calls, µs per call): ");
        md.append(median.redisCommands().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "`%s` %.2f (%.1f µs)", e.getKey(),
                        e.getValue().calls() / (double) median.updates(),
                        e.getValue().calls() == 0 ? 0.0 : e.getValue().usec() / (double) e.getValue().calls()))
                .collect(Collectors.joining(", ")));
        md.append(".\n\nBot API requests per update: ");
        md.append(median.botRequests().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "`%s` %.2f", e.getKey(), e.getValue() / (double) median.updates()))
                .collect(Collectors.joining(", ")));
        long total = median.botCpuTicks();
        md.append(".\n\nBot CPU by thread (share of the process's CPU in that round, ms per update): ");
        md.append(median.threadTicks().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12).map(e -> String.format(Locale.ROOT, "`%s` %.0f %% (%.3f ms)", e.getKey(),
                        100.0 * e.getValue() / total, median.ticksToMillis(e.getValue()) / median.updates()))
                .collect(Collectors.joining(", ")));
        md.append(".\n");
        md.append("\n<details><summary>Every Redis command of one more user's 10 updates (MONITOR, after the rounds)"
                + "</summary>\n\n```\n").append(trace).append("```\n</details>\n");
        if (profile) {
            Map<String, Double> threadMillis = new TreeMap<>();
            for (RoundResult r : results) {
                r.threadTicks()
                        .forEach((thread, ticks) -> threadMillis.merge(thread, r.ticksToMillis(ticks), Double::sum));
            }
            md.append("\n").append(JfrHotSpots.analyze(recording, median.updates() * results.size(), threadMillis,
                    from, to));
        }
        return md.toString();
    }

    private static RoundResult round(LocalBotApiServer api, PrivateRedis redis, BotJvm bot, long firstUser, int users,
            long clk) throws IOException {
        double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        int requestsBefore = api.requests().size();
        Map<String, PrivateRedis.CommandStat> statsBefore = redis.commandStats();
        ProcessSample redisBefore = ProcessSample.of(redis.pid());
        ProcessSample before = ProcessSample.of(bot.pid());
        long t0 = System.nanoTime();
        int last = Workload.enqueue(api, firstUser, users);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_SECONDS);
        while (api.confirmedOffset() <= last) {
            check(bot, deadline, "offset " + api.confirmedOffset() + ", last update " + last);
            PrivateRedis.sleep(1);
        }
        long confirmed = System.nanoTime();
        int expectedOrders = users * Workload.ordersPerUser();
        int seen = requestsBefore;
        int orders = 0;
        int throttled = 0;
        Map<String, Integer> methods = new TreeMap<>();
        while (true) {
            List<Request> all = api.requests();
            for (Request request : all.subList(seen, all.size())) {
                methods.merge(request.method(), 1, Integer::sum);
                String text = request.param("text");
                if (text != null && text.startsWith(Workload.ORDER_PLACED)) {
                    orders++;
                }
                if (text != null && text.startsWith(Workload.THROTTLED)) {
                    throttled++;
                }
            }
            seen = all.size();
            if (orders >= expectedOrders) {
                break;
            }
            check(bot, deadline, orders + " of " + expectedOrders + " orders placed");
            PrivateRedis.sleep(2);
        }
        long replied = System.nanoTime();
        ProcessSample after = ProcessSample.of(bot.pid());
        ProcessSample redisAfter = ProcessSample.of(redis.pid());
        Map<String, PrivateRedis.CommandStat> statsAfter = redis.commandStats();
        Map<String, PrivateRedis.CommandStat> delta = new TreeMap<>();
        statsAfter.forEach((command, now) -> {
            PrivateRedis.CommandStat then = statsBefore.getOrDefault(command, new PrivateRedis.CommandStat(0, 0));
            // our own INFO calls are not the bot's
            if (!command.equals("info") && now.calls() > then.calls()) {
                delta.put(command, new PrivateRedis.CommandStat(now.calls() - then.calls(), now.usec() - then.usec()));
            }
        });
        int updates = users * Workload.updatesPerUser();
        return new RoundResult(updates, (confirmed - t0) / 1e9, (replied - t0) / 1e9, after.ticks() - before.ticks(),
                clk,
                after.rssKib(), after.hwmKib(), delta, redisAfter.ticks() - redisBefore.ticks(), methods, orders,
                throttled, after.threadGroupTicksSince(before), load);
    }

    /**
     * Records with {@code MONITOR} every command the bot sends to Redis while one new user sends the
     * 10 updates of a round, and nothing else is queued.
     */
    private static String traceOneUser(LocalBotApiServer api, PrivateRedis redis, BotJvm bot, long user, Path dir)
            throws IOException {
        Path file = dir.resolve("monitor.txt");
        Process monitor = new ProcessBuilder("redis-cli", "-u", redis.url(), "MONITOR").redirectErrorStream(true)
                .redirectOutput(file.toFile()).start();
        try {
            PrivateRedis.sleep(300);
            int last = Workload.enqueue(api, user, 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (api.confirmedOffset() <= last) {
                check(bot, deadline, "tracing one user");
                PrivateRedis.sleep(5);
            }
            PrivateRedis.sleep(300);
        }
        finally {
            monitor.destroy();
        }
        StringBuilder trace = new StringBuilder();
        String id = String.valueOf(user);
        int client = 0;
        int lua = 0;
        int others = 0;
        boolean lastClientMine = false;
        for (String line : Files.readAllLines(file)) {
            int open = line.indexOf(" [");
            int bracket = line.indexOf("] ");
            if (open < 0 || bracket < 0) {
                continue;
            }
            boolean inScript = line.substring(open, bracket).contains("lua");
            String command = line.substring(bracket + 2);
            // commands for earlier users' conversations are late work of the rounds, not this user's;
            // a script's commands follow the script's own line
            if (!inScript) {
                lastClientMine = command.contains(id) || !command.contains("{");
            }
            boolean mine = lastClientMine;
            if (!mine) {
                others++;
                continue;
            }
            if (inScript) {
                lua++;
            }
            else {
                client++;
            }
            trace.append(inScript ? "    lua> " : "client> ")
                    .append(command.length() > 150 ? command.substring(0, 150) + "..." : command).append('\n');
        }
        return String.format(Locale.ROOT,
                "%d commands sent by the bot (round trips) and %d run inside scripts, for the "
                        + "%d updates of user %s (%.1f round trips per update); %d more commands for other users' "
                        + "conversations while tracing (late work of the rounds) are left out:%n",
                client, lua,
                Workload.updatesPerUser(), id, client / (double) Workload.updatesPerUser(), others) + trace;
    }

    private static void awaitPolling(LocalBotApiServer api, BotJvm bot) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (api.requests("getUpdates").isEmpty()) {
            check(bot, deadline, "waiting for the first getUpdates");
            PrivateRedis.sleep(50);
        }
    }

    private static void check(BotJvm bot, long deadline, String progress) {
        if (!bot.isAlive()) {
            throw new IllegalStateException("The bot ended (" + progress + "):\n" + bot.tail());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Timed out (" + progress + "):\n" + bot.tail());
        }
    }

    private static List<String> flags(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
