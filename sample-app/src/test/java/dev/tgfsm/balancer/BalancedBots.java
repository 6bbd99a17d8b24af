package dev.tgfsm.balancer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.sample.e2e.BotProcess;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * Several {@link CounterBot} instances, each a separate JVM with its own connection to the shared
 * store (Redis, or a connection pool of its own on a database), in webhook mode behind a real {@link HaProxy}, all replying to one local Bot API server. Closing stops
 * the balancer, kills the instances and stops the server.
 */
final class BalancedBots implements AutoCloseable {

    /** The bot's id (the token is {@code 123:TEST}). */
    static final long BOT_ID = 123;

    /** The webhook's secret token. */
    static final String SECRET = "balancer_secret-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The first line of a logged exception: its class name and message. */
    private static final Pattern THROWN = Pattern.compile("[a-z][\\w.]*\\.\\w*(Exception|Error)\\b");

    private final LocalBotApiServer api;

    private final List<BotProcess> bots = new ArrayList<>();

    private final List<Integer> ports = new ArrayList<>();

    private HaProxy haProxy;

    private Duration startedIn;

    private BalancedBots(LocalBotApiServer api) {
        this.api = api;
    }

    /**
     * Starts the Bot API server, the instances and the balancer, and waits until the balancer's
     * health check sees every instance up.
     *
     * @param instances how many instances
     * @param storageArgs the Spring Boot arguments that point every instance at the same store and
     *        namespace ({@code --tgfsm.storage.type} and its connection, key or table prefix); without
     *        {@code --spring.datasource.url} an unused SQLite file is given, as the sample's JDBC
     *        starter wants a data source
     * @param dir a directory for the configuration and the logs
     * @return the running set
     */
    static BalancedBots start(int instances, List<String> storageArgs, Path dir) throws Exception {
        long begin = System.nanoTime();
        BalancedBots set = new BalancedBots(LocalBotApiServer.start());
        try {
            Path logs = Files.createDirectories(Path.of("target", "balancer-logs"));
            for (int i = 0; i < instances; i++) {
                int port = freePort();
                List<String> args = new ArrayList<>(List.of("--spring.config.name=counter-bot",
                        "--server.port=" + port, "--counter.instance=bot" + i, "--tgfsm.bot.token=" + BOT_ID + ":TEST",
                        "--tgfsm.bot.api-url=" + set.api.url(), "--tgfsm.bot.webhook.enabled=true",
                        "--tgfsm.bot.webhook.secret-token=" + SECRET, "--tgfsm.bot.webhook.answer-timeout=5s",
                        // the local Bot API server is not Telegram: its 30/s global limit would pace 4,000 replies
                        "--tgfsm.bot.flood.enabled=false",
                        "--logging.level.root=warn", "--logging.level.dev.tgfsm=info",
                        // an update not done within the answer timeout is logged at debug
                        "--logging.level.dev.tgfsm.telegram.WebhookIntake=debug"));
                args.addAll(storageArgs);
                if (storageArgs.stream().noneMatch(arg -> arg.startsWith("--spring.datasource.url="))) {
                    args.add("--spring.datasource.url=jdbc:sqlite:" + dir.resolve("unused-" + i + ".db"));
                }
                Path log = logs.resolve(dir.getFileName() + "-bot" + i + ".log");
                Files.deleteIfExists(log);
                set.bots.add(BotProcess.start(CounterBot.class, log, args));
                set.ports.add(port);
            }
            set.haProxy = HaProxy.start(set.ports, dir);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                for (BotProcess bot : set.bots) {
                    if (!bot.isAlive()) {
                        throw new AssertionError("An instance died at start-up:\n" + bot.tail());
                    }
                }
                try {
                    set.haProxy.awaitUp(instances, Duration.ofMillis(500));
                    set.startedIn = Duration.ofNanos(System.nanoTime() - begin);
                    return set;
                }
                catch (AssertionError notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError(notYet.getMessage() + "\n" + set.bots.get(0).tail(), notYet);
                    }
                }
            }
        }
        catch (Exception | Error ex) {
            set.close();
            throw ex;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /**
     * Returns how long the start took, until the balancer saw every instance up.
     *
     * @return the start-up time
     */
    Duration startedIn() {
        return startedIn;
    }

    /**
     * Returns the webhook URL at the balancer.
     *
     * @return the URL Telegram would be given
     */
    URI webhook() {
        return haProxy.url(BotProperties.Webhook.DEFAULT_PATH);
    }

    /**
     * Returns one instance's own webhook URL, bypassing the balancer.
     *
     * @param instance the instance
     * @return its URL
     */
    URI direct(int instance) {
        return URI.create("http://127.0.0.1:" + ports.get(instance) + BotProperties.Webhook.DEFAULT_PATH);
    }

    /**
     * Returns the balancer.
     *
     * @return the balancer
     */
    HaProxy haProxy() {
        return haProxy;
    }

    /**
     * Kills one instance with {@code SIGKILL}, as {@code kill -9} does.
     *
     * @param instance the instance
     */
    void kill(int instance) throws InterruptedException {
        bots.get(instance).kill();
    }

    /**
     * Returns how many times each reply was sent, by chat and text (instance left out).
     *
     * @return the count of each {@code sendMessage} by chat id and sequence number
     */
    Map<Long, Map<Integer, List<String>>> repliesByChat() {
        Map<Long, Map<Integer, List<String>>> replies = new HashMap<>();
        for (Request request : api.requests("sendMessage")) {
            String[] text = request.param("text").split(" by ");
            replies.computeIfAbsent(Long.parseLong(request.param("chat_id")), c -> new HashMap<>())
                    .computeIfAbsent(Integer.parseInt(text[0]), n -> new ArrayList<>()).add(text[1]);
        }
        return replies;
    }

    /**
     * Returns when the replies to one chat reached the Bot API server, for failure messages.
     *
     * @param chat the chat
     * @return each reply's text with its arrival in milliseconds after the chat's first reply
     */
    String replyTimes(long chat) {
        List<Request> sent = api.requests("sendMessage").stream()
                .filter(r -> String.valueOf(chat).equals(r.param("chat_id"))).toList();
        long first = sent.isEmpty() ? 0 : sent.get(0).atMillis();
        return sent.stream().map(r -> r.param("text") + " +" + (r.atMillis() - first) + " ms").toList().toString();
    }

    /**
     * Returns how many replies were sent.
     *
     * @return the number of {@code sendMessage} requests
     */
    int replies() {
        return api.requests("sendMessage").size();
    }

    /**
     * Returns the ends of the instances' logs, for failure messages.
     *
     * @return the tails, one per instance
     */
    String tails() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bots.size(); i++) {
            text.append("--- bot").append(i).append(" ---\n").append(bots.get(i).tail()).append('\n');
        }
        return text.toString();
    }

    /**
     * Returns the instances' log lines at {@code WARN} or {@code ERROR} and those naming one of the
     * update ids, for failure messages: at most 60 lines per instance, each cut to 400 characters.
     *
     * @param ids the update ids to look for
     * @return the lines, under a heading per instance
     */
    String linesAbout(Collection<Integer> ids) {
        // the dispatcher's and the webhook's log lines name an update as "update <id>"
        Pattern named = Pattern
                .compile("(?i)\\bupdate (" + ids.stream().map(String::valueOf).collect(Collectors.joining("|"))
                        + ")\\b");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bots.size(); i++) {
            text.append("--- bot").append(i).append(" ---\n");
            bots.get(i).output().lines()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("Caused by")
                            || THROWN.matcher(line).lookingAt() || named.matcher(line).find())
                    .limit(60).forEach(line -> text.append(line, 0, Math.min(line.length(), 400)).append('\n'));
        }
        return text.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            if (haProxy != null) {
                haProxy.close();
            }
            for (BotProcess bot : bots) {
                bot.close();
            }
        }
        finally {
            api.close();
        }
    }
}
