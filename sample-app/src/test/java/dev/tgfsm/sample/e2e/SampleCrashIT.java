package dev.tgfsm.sample.e2e;

import static dev.tgfsm.sample.e2e.ProcessWaits.awaitEveryUser;
import static dev.tgfsm.sample.e2e.ProcessWaits.awaitSince;
import static dev.tgfsm.sample.e2e.ProcessWaits.count;
import static dev.tgfsm.sample.e2e.ProcessWaits.countSince;
import static dev.tgfsm.sample.e2e.ProcessWaits.isText;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.sqlite.SQLiteDataSource;

import dev.tgfsm.context.SessionMetadata;
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
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * The promise "nothing lost", tested the way an operator meets a crash: the sample bot runs as a
 * separate JVM process against a local Bot API server; 40 users are mid-{@code /order}; each sends
 * one answer at once, and the process is killed with {@code SIGKILL} as soon as the first reply of
 * that burst reaches the server. Then:
 * <ul>
 * <li>before the restart, every user who already saw the next prompt has that step stored (replies
 * only after the commit);</li>
 * <li>after the restart, every one of the 40 answers is handled exactly once: the state, the data
 * and the count of committed updates of every user are exact;</li>
 * <li>a user sees the next prompt twice only if it was sent before the kill (its acknowledgement was
 * lost with the process).</li>
 * </ul>
 * Once on the SQLite file, once on Redis.
 */
class SampleCrashIT {

    private static final int USERS = 40;

    private static final long BOT_ID = 123;

    private static final String PRODUCT_PROMPT = "What product do you want to order?";

    private static final String QUANTITY_PROMPT = "How many Gizmo do you want? (1-100)";

    private static final String ADDRESS_PROMPT = "What is your delivery address?";

    @TempDir
    Path dir;

    @Test
    void killedMidBurstOnTheSqliteFileLosesNoUpdate() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("crash.db");
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url);
        crashMidBurst(40_000, List.of("--spring.datasource.url=" + url),
                () -> new JdbcFsmStorage(dataSource, StorageConfig.ofDefaults()), () -> {});
    }

    @Test
    void killedMidBurstOnRedisLosesNoUpdate() throws Exception {
        String redis = TestServer.REDIS.url();
        String prefix = "tgfsm-crash-" + System.nanoTime() + ":";
        URI uri = URI.create(redis);
        LettuceConnectionFactory factory = LettuceResilience.standalone(uri.getHost(), uri.getPort(), null,
                Duration.ofSeconds(5));
        RedisFsmStorage storage = new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
        try {
            crashMidBurst(41_000, List.of("--spring.profiles.active=redis", "--spring.data.redis.url=" + redis,
                    "--tgfsm.redis.prefix=" + prefix, "--tgfsm.ttl=10m",
                    "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("unused.db")), () -> storage, () -> {});
        }
        finally {
            storage.clearNamespace();
            factory.destroy();
        }
    }

    private void crashMidBurst(long firstUser, List<String> storeArgs, StorageOpener opener, Runnable cleanup)
            throws Exception {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(firstUser + i);
        }
        try (LocalBotApiServer api = LocalBotApiServer.start()) {
            List<String> args = new ArrayList<>(List.of("--tgfsm.bot.token=" + BOT_ID + ":TEST",
                    "--tgfsm.bot.api-url=" + api.url(), "--logging.level.dev.tgfsm=info"));
            args.addAll(storeArgs);
            FsmStorage store = opener.open();
            Map<Long, Long> countsBefore = new LinkedHashMap<>();
            int prompted;
            try (BotProcess first = BotProcess.start(ProcessWaits.log(firstUser + "-first"), args)) {
                for (long user : users) {
                    api.enqueueMessage(user, "/order");
                }
                awaitEveryUser(api, users, PRODUCT_PROMPT, first);
                for (long user : users) {
                    Request keyboard = lastKeyboard(api, user);
                    api.enqueueCallback(user, keyboard.messageId(), callbackData(keyboard, "Gizmo"));
                }
                awaitEveryUser(api, users, QUANTITY_PROMPT, first);
                for (long user : users) {
                    assertThat(store.load(key(user)).state()).as("user %s before the burst", user)
                            .isEqualTo("order:quantity");
                    countsBefore.put(user, SessionMetadata.countOf(store.load(key(user)).meta()
                            .get(SessionMetadata.META_MESSAGES)));
                }
                int before = api.requests().size();
                for (long user : users) {
                    api.enqueueMessage(user, "7");
                }
                awaitSince(api, before, r -> isText(r, ADDRESS_PROMPT), 1, first);
                first.kill();
                // a prompt the killed process was writing is recorded only now: count after it
                api.awaitQuiet(ProcessWaits.QUIET, ProcessWaits.WAIT);
                prompted = countSince(api, before, r -> isText(r, ADDRESS_PROMPT));
            }
            List<Long> promptedBeforeKill = users.stream()
                    .filter(user -> count(api, user, ADDRESS_PROMPT) > 0).toList();
            for (long user : promptedBeforeKill) {
                assertThat(store.load(key(user)).state())
                        .as("user %s saw the address prompt before the kill, so that step must be stored", user)
                        .isEqualTo("order:address");
            }

            int pollsBefore = api.requests("getUpdates").size();
            try (BotProcess second = BotProcess.start(ProcessWaits.log(firstUser + "-second"), args)) {
                api.awaitRequests("getUpdates", pollsBefore + 1, ProcessWaits.WAIT);
                long polling = System.nanoTime();
                awaitEveryUser(api, users, ADDRESS_PROMPT, second);
                Duration recovery = Duration.ofNanos(System.nanoTime() - polling);
                second.stop(Duration.ofSeconds(30));
                System.out.printf("crash test: %d of %d answers were handled before the kill (%d prompts sent);"
                        + " the rest %d ms after the restarted bot first polled%n", promptedBeforeKill.size(), USERS,
                        prompted, recovery.toMillis());
            }

            List<Long> duplicated = new ArrayList<>();
            for (long user : users) {
                FsmRecord record = store.load(key(user));
                assertThat(record.state()).as("state of %s", user).isEqualTo("order:address");
                assertThat(SampleEndToEndIT.orderValues(record.data())).as("order of %s", user)
                        .containsEntry("product", "Gizmo").containsEntry("quantity", 7);
                assertThat(SessionMetadata.countOf(record.meta().get(SessionMetadata.META_MESSAGES)))
                        .as("committed updates of %s: the answer counts exactly once", user)
                        .isEqualTo(countsBefore.get(user) + 1);
                int prompts = count(api, user, ADDRESS_PROMPT);
                assertThat(prompts).as("address prompts sent to %s", user).isBetween(1, 2);
                if (prompts == 2) {
                    duplicated.add(user);
                }
            }
            assertThat(promptedBeforeKill).as("a prompt is repeated only if it was sent before the kill")
                    .containsAll(duplicated);
            System.out.printf("crash test: %d user(s) saw the address prompt twice%n", duplicated.size());
            cleanup.run();
        }
    }

    private static StorageKey key(long user) {
        return StorageKey.of(BOT_ID, user, user);
    }

    private static Request lastKeyboard(LocalBotApiServer api, long user) {
        List<Request> sent = api.requests("sendMessage");
        for (int i = sent.size() - 1; i >= 0; i--) {
            Request request = sent.get(i);
            if (String.valueOf(user).equals(request.param("chat_id"))
                    && TelegramUser.markup(request).get("inline_keyboard") != null) {
                return request;
            }
        }
        throw new AssertionError("No keyboard was sent to " + user);
    }

    @SuppressWarnings("unchecked")
    private static String callbackData(Request keyboard, String label) {
        for (List<Map<String, Object>> row : (List<List<Map<String, Object>>>) TelegramUser.markup(keyboard)
                .get("inline_keyboard")) {
            for (Map<String, Object> button : row) {
                if (label.equals(button.get("text"))) {
                    return (String) button.get("callback_data");
                }
            }
        }
        throw new AssertionError("No button '" + label + "' in " + keyboard);
    }

    /** Opens the test's own view of the bot's store. */
    @FunctionalInterface
    private interface StorageOpener {
        FsmStorage open() throws Exception;
    }
}
