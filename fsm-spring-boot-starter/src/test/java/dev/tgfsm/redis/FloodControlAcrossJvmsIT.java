package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.JvmProcess;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.telegram.SendWindows;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Outbound flood control across separate JVMs: three instances of one bot ({@link FloodInstanceMain},
 * each a whole Spring Boot application in its own process with its own Redis connection) on one
 * Redis, replying through the outbox to the local Bot API server of this JVM, which records every
 * call with its arrival time. Small limits keep the run short: 10 calls per second for the bot, 1 per
 * second per chat, 20 per minute per group (one every 3 s), all without burst, and the restart notice
 * on.
 *
 * <p>The replies go to many private chats (so the global limit binds), six of them to one chat (two
 * from each instance: the chat limit binds) and three to one group (one from each instance, three
 * users: the group limit binds); in the first test 30 conversations left active before the start get
 * the restart notice as well, and the 36 private conversations of one instance each, all timing out
 * 3 s after their last update, an expiry notice from whichever instance claims them (two broadcasts, paced at the sustained
 * rate). Counted from the server's
 * arrival times (the bounds leave room for delivery delays of a loaded machine, far below what three
 * instances with limits of their own would reach): no second with more than the global limit plus 8,
 * at most 2 calls to one chat in any second, no two group messages within 2 s, every reply and notice
 * delivered exactly once. With a permit store of each process's own (an in-memory {@code PermitStore}
 * bean in each instance) the first test measured 29 calls in one second, 4 to one chat and 3 group
 * messages within 2 s, and failed. The second test has the server answer some calls
 * {@code 429 Too Many Requests} with a {@code retry_after}: each refused call is sent again only after
 * its {@code retry_after}, and nothing is lost or sent twice. The instances are stopped gracefully
 * before the final count, so nothing can still be sent after it.
 */
@RequiresServers(TestServer.REDIS)
class FloodControlAcrossJvmsIT {

    private static final long BOT = 123456;

    private static final String TOKEN = BOT + ":flood-jvm-token";

    private static final int INSTANCES = 3;

    private static final int GLOBAL = 10;

    private static final long CHAT = FloodInstanceMain.SHARED_CHAT;

    private static final long GROUP = -100777;

    private static final Duration WAIT = Duration.ofSeconds(180);

    private static final String NOTICE = "We are back";

    private static final String EXPIRED = "Timed out";

    private final List<JvmProcess> instances = new ArrayList<>();

    private LocalBotApiServer server;

    private Path work;

    private String prefix;

    @BeforeEach
    void start() throws IOException {
        server = LocalBotApiServer.start();
        work = Files.createTempDirectory("tgfsm-flood-jvms");
        prefix = "it-flood-jvm-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (JvmProcess instance : instances) {
                instance.close();
            }
            try (ConfigurableApplicationContext store = store()) {
                store.getBean(FsmStorage.class).clearNamespace();
            }
        }
        finally {
            server.close();
        }
    }

    /** The properties every instance and the test's own store share. */
    private List<String> storeProperties() {
        return List.of("tgfsm.storage.type=redis", "tgfsm.redis.prefix=" + prefix,
                "spring.data.redis.host=" + TestServer.REDIS.host(),
                "spring.data.redis.port=" + TestServer.REDIS.port(), "spring.data.redis.repositories.enabled=false");
    }

    /** The test's own view of the store (no bot), to leave conversations active and to clean up. */
    private ConfigurableApplicationContext store() {
        return new SpringApplicationBuilder(StoreOnly.class).web(WebApplicationType.NONE)
                .properties(storeProperties().toArray(String[]::new)).run();
    }

    /** One reply of the plan: the chat, the sender, the update id. */
    private record Planned(long chat, long user, int updateId) {

        String arg() {
            return chat + "/" + user + "/" + updateId;
        }

        String reply() {
            return "reply " + updateId;
        }
    }

    /**
     * The updates of each instance: {@code privateChats} private chats of one message each (numbered
     * from 1000), two messages to {@link #CHAT} and one to {@link #GROUP} from a user of its own.
     */
    private static List<List<Planned>> plan(int privateChatsPerInstance) {
        List<List<Planned>> plan = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            List<Planned> own = new ArrayList<>();
            for (int c = 0; c < privateChatsPerInstance; c++) {
                long chat = 1000 + c * INSTANCES + i;
                own.add(new Planned(chat, chat, (int) chat));
            }
            own.add(new Planned(CHAT, CHAT, 42_000 + i));
            own.add(new Planned(CHAT, CHAT, 42_100 + i));
            own.add(new Planned(GROUP, 7000 + i, 77_000 + i));
            plan.add(own);
        }
        return plan;
    }

    /** Starts the instances, waits until all are ready, then lets them go together. */
    private void run(List<List<Planned>> plan, String... more) throws Exception {
        Path go = work.resolve("go");
        for (int i = 0; i < INSTANCES; i++) {
            List<String> args = new ArrayList<>();
            args.add(go.toString());
            args.add(plan.get(i).stream().map(Planned::arg).collect(Collectors.joining(",")));
            for (String property : storeProperties()) {
                args.add("--" + property);
            }
            args.addAll(List.of("--tgfsm.bot.token=" + TOKEN, "--tgfsm.bot.api-url=" + server.url(),
                    "--tgfsm.bot.polling.enabled=false", "--tgfsm.bot.flood.global.permits=" + GLOBAL,
                    "--tgfsm.bot.flood.global.burst=1", "--tgfsm.bot.flood.chat.burst=1",
                    "--tgfsm.bot.flood.group.burst=1", "--tgfsm.bot.flood.max-wait=120s",
                    "--tgfsm.outbox.redeliver-after=120s", "--tgfsm.isolation.lock-wait=120s",
                    "--tgfsm.restart-notice.enabled=true", "--tgfsm.restart-notice.text=" + NOTICE,
                    "--tgfsm.dispatcher.shutdown-timeout=60s"));
            for (String property : more) {
                args.add("--" + property);
            }
            Path log = Files.createDirectories(Path.of("target", "crash-logs")).resolve("flood-jvm-" + i + ".log");
            Files.deleteIfExists(log);
            instances.add(JvmProcess.start(FloodInstanceMain.class, log, args));
        }
        for (JvmProcess instance : instances) {
            awaitLine(instance, "ready\n");
        }
        Files.createFile(go);
    }

    private static void awaitLine(JvmProcess instance, String line) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!instance.output().contains(line)) {
            if (System.nanoTime() - deadline > 0 || !instance.isAlive()) {
                throw new AssertionError("No '" + line + "' from the instance: " + instance.tail());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the given number of answered sendMessage calls, then stops the instances gracefully. */
    private List<LocalBotApiServer.Request> awaitDelivered(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<LocalBotApiServer.Request> all = server.requests("sendMessage");
            if (all.stream().filter(r -> r.result() != null).count() >= count) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Only " + all.size() + " sendMessage calls, expected " + count + " answered");
            }
            server.awaitRequests("sendMessage", all.size() + 1, Duration.ofNanos(left));
        }
        for (JvmProcess instance : instances) {
            awaitLine(instance, "handled ");
        }
        for (JvmProcess instance : instances) {
            instance.stop(Duration.ofSeconds(90));
        }
        return server.requests("sendMessage");
    }

    private static List<LocalBotApiServer.Request> to(List<LocalBotApiServer.Request> calls, long chat) {
        return calls.stream().filter(r -> String.valueOf(chat).equals(r.param("chat_id"))).toList();
    }

    /** The texts of the answered calls, each with how many times it was answered. */
    private static Map<String, Long> deliveredTexts(List<LocalBotApiServer.Request> calls) {
        return calls.stream().filter(r -> r.result() != null)
                .collect(Collectors.groupingBy(r -> r.param("chat_id") + ": " + r.param("text"), LinkedHashMap::new,
                        Collectors.counting()));
    }

    private static Map<String, Long> once(List<String> texts) {
        return texts.stream().collect(Collectors.toMap(Function.identity(), t -> 1L, (a, b) -> a + b,
                LinkedHashMap::new));
    }

    /** The limits, counted on the server's arrival times. */
    private static void assertLimitsKept(List<LocalBotApiServer.Request> calls, String run) {
        int global = SendWindows.maxPerWindow(calls, 1000);
        Map<String, List<LocalBotApiServer.Request>> byChat = calls.stream()
                .collect(Collectors.groupingBy(r -> r.param("chat_id")));
        int perChat = byChat.values().stream().mapToInt(c -> SendWindows.maxPerWindow(c, 1000)).max().orElse(0);
        List<LocalBotApiServer.Request> group = to(calls, GROUP).stream().filter(r -> r.result() != null).toList();
        int group2s = SendWindows.maxPerWindow(group, 2000);
        long span = calls.get(calls.size() - 1).atMillis() - calls.get(0).atMillis();
        System.out.printf("flood control across %d JVMs (%s): %d calls over %d ms; at most %d in any second "
                + "(limit %d); at most %d to one chat in any second (limit 1), %d to chat %d in any second; at most "
                + "%d to the group in any 2 s, %d in any 3 s (limit 1 per 3 s)%n", INSTANCES, run, calls.size(), span,
                global, GLOBAL, perChat, SendWindows.maxPerWindow(to(calls, CHAT), 1000), CHAT, group2s,
                SendWindows.maxPerWindow(group, 3000));
        System.out.println("densest second: " + densest(calls, 1000));
        // 10 per second without burst: 10 granted in any second; arrivals also hold calls granted up to the
        // spread of delivery delays earlier (measured up to 14 at a load of 30 on two cores); unshared: 29
        assertThat(global).as("calls of all instances in any second").isLessThanOrEqualTo(GLOBAL + 8);
        // 1 per second: two calls within a second only if delivery delays differ by nearly a second (unshared: 3)
        assertThat(perChat).as("calls to one chat in any second").isLessThanOrEqualTo(2);
        // messages the group received, one every 3 s; the chat limit alone would allow 2 within 2 s
        assertThat(group2s).as("calls to the group in any 2 s").isEqualTo(1);
    }

    /** The calls of the densest window, as milliseconds after its first one and the text. */
    private static String densest(List<LocalBotApiServer.Request> calls, long windowMillis) {
        List<LocalBotApiServer.Request> sorted = calls.stream()
                .sorted(Comparator.comparingLong(LocalBotApiServer.Request::atMillis)).toList();
        int best = 0;
        int bestFrom = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to).atMillis() - sorted.get(from).atMillis() >= windowMillis) {
                from++;
            }
            if (to - from + 1 > best) {
                best = to - from + 1;
                bestFrom = from;
            }
        }
        long first = sorted.get(bestFrom).atMillis();
        return sorted.subList(bestFrom, bestFrom + best).stream()
                .map(r -> "+" + (r.atMillis() - first) + " " + r.param("chat_id") + (r.result() == null ? " 429" : ""))
                .collect(Collectors.joining(", "));
    }

    @Test
    void threeJvmsTogetherKeepTheGlobalChatAndGroupLimitsAndDeliverEveryReplyAndNoticeOnce() throws Exception {
        List<String> expected = new ArrayList<>();
        try (ConfigurableApplicationContext store = store()) {
            FsmStorage storage = store.getBean(FsmStorage.class);
            for (long chat = 5000; chat < 5030; chat++) {
                storage.setState(StorageKey.of(BOT, chat, chat), "form:name"); // active before the restart
                expected.add(chat + ": " + NOTICE);
            }
        }
        List<List<Planned>> plan = plan(12);
        plan.forEach(own -> own.forEach(p -> expected.add(p.chat() + ": " + p.reply())));
        // every private conversation times out 3 s after its last update: they expire together, all instances
        // (not the chat all instances write to: it has no idle timeout, see FloodInstanceMain.SHARED_CHAT)
        plan.stream().flatMap(List::stream).filter(p -> p.chat() > 0 && p.chat() != CHAT)
                .map(p -> p.chat() + ": " + EXPIRED).distinct()
                .forEach(expected::add);
        long started = System.nanoTime();
        run(plan, "tgfsm.timeout.states.replied=3s", "tgfsm.timeout.expired-text=" + EXPIRED);

        List<LocalBotApiServer.Request> calls = awaitDelivered(expected.size());
        System.out.printf("flood control across JVMs: %d ms from the start of the JVMs to the last stop%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(deliveredTexts(calls)).as("every reply, restart notice and expiry notice delivered exactly once")
                .containsExactlyInAnyOrderEntriesOf(once(expected));
        assertThat(calls).as("nothing refused, nothing sent twice").hasSize(expected.size());
        int notices = 0;
        for (JvmProcess instance : instances) {
            Matcher m = Pattern.compile("notices (\\d+)\n").matcher(instance.output());
            assertThat(m.find()).as("the instance told its notices").isTrue();
            notices += Integer.parseInt(m.group(1));
        }
        assertThat(notices).as("restart notices sent, all instances together").isEqualTo(30);
        assertLimitsKept(calls, "replies, restart notices and expiries");
    }

    @Test
    void tooManyRequestsAreRetriedAfterRetryAfterAcrossJvmsAndNothingIsLostOrSentTwice() throws Exception {
        Map<Long, int[]> refusals = Map.of(CHAT, new int[]{1, 2}, GROUP, new int[]{1, 1}, 1000L, new int[]{1, 1},
                1004L, new int[]{2, 1}, 1011L, new int[]{1, 2});
        refusals.forEach((chat, r) -> server.answerTooManyRequests(chat, r[0], r[1]));
        int refused = refusals.values().stream().mapToInt(r -> r[0]).sum();
        List<List<Planned>> plan = plan(8);
        List<String> expected = new ArrayList<>();
        plan.forEach(own -> own.forEach(p -> expected.add(p.chat() + ": " + p.reply())));
        long started = System.nanoTime();
        run(plan);

        List<LocalBotApiServer.Request> calls = awaitDelivered(expected.size());
        System.out.printf("flood control across JVMs with 429s: %d ms from the start of the JVMs to the last stop%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(deliveredTexts(calls)).as("every reply delivered exactly once")
                .containsExactlyInAnyOrderEntriesOf(once(expected));
        List<LocalBotApiServer.Request> tooMany = calls.stream().filter(r -> r.result() == null).toList();
        assertThat(tooMany).as("the calls answered 429").hasSize(refused);
        assertThat(calls).as("each call sent once more per 429, no more").hasSize(expected.size() + refused);
        long earliest = Long.MAX_VALUE;
        int othersWithinRetryAfter = 0;
        for (LocalBotApiServer.Request no : tooMany) {
            long chat = Long.parseLong(no.param("chat_id"));
            long retryAfter = refusals.get(chat)[1] * 1000L;
            LocalBotApiServer.Request again = calls.stream().filter(r -> r.atMillis() >= no.atMillis())
                    .filter(r -> r != no && r.param("text").equals(no.param("text"))).findFirst().orElseThrow();
            assertThat(again.atMillis() - no.atMillis()).as("%s to %s sent again after its retry_after of %d ms",
                    no.param("text"), chat, retryAfter).isGreaterThanOrEqualTo(retryAfter);
            earliest = Math.min(earliest, again.atMillis() - no.atMillis() - retryAfter);
            othersWithinRetryAfter += (int) to(calls, chat).stream()
                    .filter(r -> r.atMillis() > no.atMillis() && r.atMillis() < no.atMillis() + retryAfter).count();
        }
        System.out.printf("flood control across JVMs with 429s: %d calls answered 429, %d retried, each at least %d ms"
                + " after its retry_after; %d calls of other instances to a refused chat within its retry_after%n",
                tooMany.size(), tooMany.size(), earliest, othersWithinRetryAfter);
        assertThat(othersWithinRetryAfter).as("calls to a refused chat within its retry_after, any instance")
                .isZero();
        assertLimitsKept(calls, "replies with 429s");
    }

    /** The store alone, without a bot. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataRedisAutoConfiguration.class, FsmAutoConfiguration.class})
    static class StoreOnly {
    }
}
