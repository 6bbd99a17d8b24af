package dev.tgfsm.sample.e2e;

import static dev.tgfsm.sample.e2e.ProcessWaits.awaitEveryUser;
import static dev.tgfsm.sample.e2e.ProcessWaits.awaitSince;
import static dev.tgfsm.sample.e2e.ProcessWaits.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.sqlite.SQLiteDataSource;

import dev.tgfsm.context.SessionMetadata;
import dev.tgfsm.flow.CallStack;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * A sample bot process killed with {@code SIGKILL} while its users are inside a called sub-flow
 * ({@code /gift} calls {@code delivery}), twice, then restarted each time:
 * <ol>
 * <li><b>After the commit, before the confirmation.</b> Three users answer the sub-flow's first
 * question while the Bot API holds the answers to the replies: each reply reached Telegram, its
 * update is committed and unconfirmed when the process dies. The next process gets those updates
 * again and must skip them (a street handled again would become the city).</li>
 * <li><b>Mid-burst.</b> Twelve users answer the street and the three answer the city (which ends the
 * sub-flow and hands its values to {@code gift}) at once; the process dies on the first reply.</li>
 * </ol>
 * Then everyone finishes. Each user's every answer is committed exactly once (the count of committed
 * updates is exact), the sub-flow's values come back to the parent (the final text names street and
 * city), every update is answered, and a reply is sent again only once for each kill that came after
 * a copy of it reached Telegram and before its delivery was stored (the outbox's at-least-once
 * delivery). Once on the SQLite file, once on Redis.
 */
class SampleSubFlowCrashIT {

    private static final long BOT_ID = 123;

    private static final int HELD = 3;

    private static final int BURST = 12;

    private static final String RECIPIENT_PROMPT = "Who is the gift for?";

    private static final String STREET_PROMPT = "Street and number?";

    private static final String CITY_PROMPT = "City?";

    @TempDir
    Path dir;

    @Test
    void killedInsideASubFlowOnTheSqliteFileLosesAndRepeatsNothing() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("subflow-crash.db");
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url);
        crashInsideSubFlow(42_000, List.of("--spring.datasource.url=" + url),
                new JdbcFsmStorage(dataSource, StorageConfig.ofDefaults()));
    }

    @Test
    void killedInsideASubFlowOnRedisLosesAndRepeatsNothing() throws Exception {
        String redis = TestServer.REDIS.url();
        String prefix = "tgfsm-subflow-crash-" + System.nanoTime() + ":";
        URI uri = URI.create(redis);
        LettuceConnectionFactory factory = LettuceResilience.standalone(uri.getHost(), uri.getPort(), null,
                Duration.ofSeconds(5));
        RedisFsmStorage storage = new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
        try {
            crashInsideSubFlow(43_000, List.of("--spring.profiles.active=redis", "--spring.data.redis.url=" + redis,
                    "--tgfsm.redis.prefix=" + prefix, "--tgfsm.ttl=10m",
                    "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("unused.db")), storage);
        }
        finally {
            storage.clearNamespace();
            factory.destroy();
        }
    }

    private void crashInsideSubFlow(long firstUser, List<String> storeArgs, FsmStorage store) throws Exception {
        List<Long> held = new ArrayList<>();
        List<Long> burst = new ArrayList<>();
        for (int i = 0; i < HELD + BURST; i++) {
            (i < HELD ? held : burst).add(firstUser + i);
        }
        List<Long> users = Stream.concat(held.stream(), burst.stream()).toList();
        try (LocalBotApiServer api = LocalBotApiServer.start()) {
            List<String> args = new ArrayList<>(List.of("--tgfsm.bot.token=" + BOT_ID + ":TEST",
                    "--tgfsm.bot.api-url=" + api.url(), "--logging.level.dev.tgfsm=info",
                    "--tgfsm.outbox.ack-delay=1s", "--tgfsm.outbox.redeliver-after=3s"));
            args.addAll(storeArgs);
            Map<Long, Long> countsBefore = new HashMap<>();
            long start = System.nanoTime();

            // first process: everyone into the delivery sub-flow; three answer while the replies are held
            try (BotProcess first = BotProcess.start(ProcessWaits.log(firstUser + "-subflow-first"), args)) {
                users.forEach(user -> api.enqueueMessage(user, "/gift"));
                awaitEveryUser(api, users, RECIPIENT_PROMPT, first);
                users.forEach(user -> api.enqueueMessage(user, "Friend " + user));
                awaitEveryUser(api, users, STREET_PROMPT, first);
                for (long user : users) {
                    FsmRecord record = store.load(key(user));
                    assertThat(record.state()).as("user %s inside the sub-flow", user).isEqualTo("delivery:street");
                    assertThat(record.meta()).containsKey(CallStack.META);
                    countsBefore.put(user, committed(record));
                }
                List<Integer> heldUpdates = new ArrayList<>();
                for (long user : held) {
                    api.holdSending(user);
                    heldUpdates.add(api.enqueueMessage(user, street(user)));
                }
                awaitEveryUser(api, held, CITY_PROMPT, first);
                assertThat(api.unconfirmed()).as("committed and replied to, not yet confirmed")
                        .containsAll(heldUpdates);
                first.kill();
            }
            // a reply the killed process was writing is recorded only now: count after it
            api.awaitQuiet(ProcessWaits.QUIET, ProcessWaits.WAIT);
            List<Map<String, Integer>> atKills = new ArrayList<>(List.of(sent(api, users)));
            for (long user : held) {
                FsmRecord record = store.load(key(user));
                assertThat(record.state()).as("user %s replied to, so committed", user).isEqualTo("delivery:city");
                assertThat(committed(record)).isEqualTo(countsBefore.get(user) + 1);
                api.releaseSending(user);
            }

            // second process: the held updates come again (skipped); a burst of answers, killed on the first reply
            Set<Long> cityBeforeKill = new HashSet<>();
            Set<Long> doneBeforeKill = new HashSet<>();
            try (BotProcess second = BotProcess.start(ProcessWaits.log(firstUser + "-subflow-second"), args)) {
                int before = api.requests().size();
                held.forEach(user -> api.enqueueMessage(user, city(user)));
                burst.forEach(user -> api.enqueueMessage(user, street(user)));
                // the first reply to an answer of this burst (not a redelivery of the first process's prompts)
                awaitSince(api, before, r -> r.method().equals("sendmessage") && (String.valueOf(r.param("text"))
                        .startsWith("A gift")
                        || CITY_PROMPT.equals(r.param("text"))
                                && burst.contains(Long.valueOf(String.valueOf(r.param("chat_id"))))),
                        1, second);
                second.kill();
            }
            api.awaitQuiet(ProcessWaits.QUIET, ProcessWaits.WAIT);
            atKills.add(sent(api, users));
            for (long user : burst) {
                if (count(api, user, CITY_PROMPT) > 0) {
                    cityBeforeKill.add(user);
                    assertThat(store.load(key(user)).state()).as("user %s saw the city prompt before the kill", user)
                            .isEqualTo("delivery:city");
                }
            }
            for (long user : held) {
                if (count(api, user, done(user)) > 0) {
                    doneBeforeKill.add(user);
                    assertThat(store.load(key(user)).state()).as("user %s saw the end before the kill", user).isNull();
                }
            }

            // third process: everyone finishes
            try (BotProcess third = BotProcess.start(ProcessWaits.log(firstUser + "-subflow-third"), args)) {
                awaitEveryUser(api, burst, CITY_PROMPT, third);
                awaitEveryUser(api, held, SampleSubFlowCrashIT::done, 1, third);
                burst.forEach(user -> api.enqueueMessage(user, city(user)));
                awaitEveryUser(api, burst, SampleSubFlowCrashIT::done, 1, third);
                third.stop(Duration.ofSeconds(30));
            }

            int repeated = 0;
            for (long user : users) {
                FsmRecord record = store.load(key(user));
                assertThat(record.state()).as("user %s finished the gift flow", user).isNull();
                assertThat(record.meta()).as("user %s left the sub-flow", user).doesNotContainKey(CallStack.META);
                assertThat(committed(record)).as("committed updates of %s: street and city count once each", user)
                        .isEqualTo(countsBefore.get(user) + 2);
                for (String text : List.of(RECIPIENT_PROMPT, STREET_PROMPT, CITY_PROMPT, done(user))) {
                    // sent again only by a process after one killed before it stored the delivery
                    String sentTo = user + ":" + text;
                    long allowed = 1 + atKills.stream().filter(kill -> kill.getOrDefault(sentTo, 0) > 0).count();
                    int copies = count(api, user, text);
                    assertThat(copies).as("'%s' sent to %s; sent before each kill: %s", text, user,
                            atKills.stream().map(kill -> kill.getOrDefault(sentTo, 0)).toList())
                            .isBetween(1, (int) allowed);
                    repeated += copies - 1;
                }
            }
            assertThat(api.unconfirmed()).as("every update confirmed in the end").isEmpty();
            System.out.printf("sub-flow crash test: %d of %d burst users prompted and %d of %d held users finished"
                    + " before the second kill; %d repeated replies; %d ms in all%n", cityBeforeKill.size(), BURST,
                    doneBeforeKill.size(), HELD, repeated, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }

    /** How often each of the flow's texts was sent to each user, by {@code user:text}. */
    private static Map<String, Integer> sent(LocalBotApiServer api, List<Long> users) {
        Map<String, Integer> counts = new HashMap<>();
        for (long user : users) {
            for (String text : List.of(RECIPIENT_PROMPT, STREET_PROMPT, CITY_PROMPT, done(user))) {
                counts.put(user + ":" + text, count(api, user, text));
            }
        }
        return counts;
    }

    private static String street(long user) {
        return "Street " + user;
    }

    private static String city(long user) {
        return "City " + user;
    }

    private static String done(long user) {
        return "A gift for Friend " + user + " goes to Street " + user + ", City " + user + ".";
    }

    private static long committed(FsmRecord record) {
        return SessionMetadata.countOf(record.meta().get(SessionMetadata.META_MESSAGES));
    }

    private static StorageKey key(long user) {
        return StorageKey.of(BOT_ID, user, user);
    }
}
