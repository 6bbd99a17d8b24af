package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Redis outages under load through tgfsm's own long-polling intake, as an operator meets them: a
 * private redis-server (never the shared one) is killed and restarted, or frozen with
 * {@code CLIENT PAUSE}, while 24 users send updates through a local Bot API server. Every update is
 * then handled exactly once and in order per user, each affected user gets exactly one notice, and the
 * time from recovery to the next {@code getUpdates} is printed.
 *
 * <p>The lock lease is shortened to 2 s here, so that a lock request that landed just before the kill
 * (or after the freeze) does not hold a user for the default lease; lease handling itself is tested
 * elsewhere.
 */
class RedisOutageIntakeIT {

    private static final String TOKEN = "777002:outage-test-token";

    private static final int USERS = 24;

    private static final long FIRST_USER = 9000;

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String NOTICE = "Storage is down, hold on";

    private RedisProcess redis;

    private LocalBotApiServer api;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.startDurable();
        api = LocalBotApiServer.start();
        Affected.keys.clear();
    }

    @AfterEach
    void stop() {
        try {
            api.close();
        }
        finally {
            redis.close();
        }
    }

    @Test
    void redisKilledAndRestartedLosesNoUpdateAndNotifiesEachAffectedUserOnce() throws Exception {
        try (ConfigurableApplicationContext context = startApplication()) {
            sendRound("a");
            awaitAll(context, List.of("a"));

            redis.kill();
            sendRound("b");
            sendRound("c");
            awaitOutageNoticed(context);

            redis.launch();
            long resumedAfter = millisUntilPollingResumes();
            System.out.printf("RedisOutageIntakeIT kill/restart: intake resumed %d ms after redis-server answered "
                    + "again; %d of %d users affected%n", resumedAfter, Affected.keys.size(), USERS);

            sendRound("d");
            awaitAll(context, List.of("a", "b", "c", "d"));
            assertOneNoticePerAffectedUser();
            awaitTrue(() -> api.unconfirmed().isEmpty(), "every update confirmed");
        }
    }

    @Test
    void redisFrozenLosesNoUpdateAndNotifiesEachAffectedUserOnce() throws Exception {
        try (ConfigurableApplicationContext context = startApplication()) {
            sendRound("a");
            awaitAll(context, List.of("a"));

            redis.cli("CLIENT", "PAUSE", "4000", "ALL");
            long frozenAt = System.nanoTime();
            sendRound("b");
            sendRound("c");
            awaitOutageNoticed(context);
            long left = Duration.ofMillis(4000).toNanos() - (System.nanoTime() - frozenAt);
            Thread.sleep(Math.max(0, left / 1_000_000));

            long resumedAfter = millisUntilPollingResumes();
            System.out.printf("RedisOutageIntakeIT freeze: intake resumed %d ms after the 4 s CLIENT PAUSE ended; "
                    + "%d of %d users affected%n", resumedAfter, Affected.keys.size(), USERS);

            sendRound("d");
            awaitAll(context, List.of("a", "b", "c", "d"));
            assertOneNoticePerAffectedUser();
            awaitTrue(() -> api.unconfirmed().isEmpty(), "every update confirmed");
        }
    }

    private ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(OutageApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=redis",
                        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                        "spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=1s",
                        "tgfsm.redis.prefix=outage:", "tgfsm.isolation.lock-lease=2s", "tgfsm.isolation.lock-wait=1s",
                        "tgfsm.bot.polling.timeout=1s", "tgfsm.outage.notice=" + NOTICE,
                        "tgfsm.dispatcher.shutdown-timeout=5s")
                .run();
    }

    private void sendRound(String text) {
        for (int user = 0; user < USERS; user++) {
            api.enqueueMessage(FIRST_USER + user, text);
        }
    }

    /** Waits until the dispatcher saw the outage, the health check says DOWN, and a notice went out. */
    private void awaitOutageNoticed(ConfigurableApplicationContext context) {
        UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
        FsmStorage storage = context.getBean(FsmStorage.class);
        awaitTrue(dispatcher::isStorageUnavailable, "the dispatcher notices the outage");
        awaitTrue(() -> !notices().isEmpty(), "a notice is sent");
        assertThat(storage.health().up()).as("health is DOWN during the outage").isFalse();
        int polls = api.requests("getUpdates").size();
        awaitTrue(() -> !Affected.keys.isEmpty(), "affected users are known");
        assertThat(api.requests("getUpdates").size()).as("no polling while the storage is down")
                .isLessThanOrEqualTo(polls + 1);
    }

    /** Polls until the intake asks for updates again; returns how long that took. */
    private long millisUntilPollingResumes() {
        long from = System.nanoTime();
        int polls = api.requests("getUpdates").size();
        api.awaitRequests("getUpdates", polls + 1, WAIT);
        return Duration.ofNanos(System.nanoTime() - from).toMillis();
    }

    private void awaitAll(ConfigurableApplicationContext context, List<String> expected) {
        FsmStorage storage = context.getBean(FsmStorage.class);
        long bot = context.getBean(UpdateDispatcher.class).botId();
        awaitTrue(() -> {
            for (int user = 0; user < USERS; user++) {
                long id = FIRST_USER + user;
                if (!expected.equals(seen(storage, StorageKey.of(bot, id, id)))) {
                    return false;
                }
            }
            return true;
        }, "every user's updates " + expected + " handled");
        for (int user = 0; user < USERS; user++) {
            long id = FIRST_USER + user;
            assertThat(seen(storage, StorageKey.of(bot, id, id))).as("user %d: exactly once, in order", id)
                    .isEqualTo(expected);
        }
    }

    private static List<Object> seen(FsmStorage storage, StorageKey key) {
        Object seen = storage.getData(key).get("seen");
        return seen instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }

    private List<String> notices() {
        return api.requests("sendMessage").stream().filter((r) -> NOTICE.equals(r.param("text")))
                .map((r) -> r.param("chat_id")).toList();
    }

    private void assertOneNoticePerAffectedUser() {
        Map<String, Long> perChat = notices().stream().collect(Collectors.groupingBy((c) -> c, Collectors.counting()));
        Set<String> affected = new HashSet<>();
        Affected.keys.forEach((k) -> affected.add(String.valueOf(k.chatId())));
        assertThat(perChat.values()).as("at most one notice per user and outage").allMatch((n) -> n == 1);
        assertThat(perChat.keySet()).isEqualTo(affected);
        assertThat(affected).isNotEmpty();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            catch (RuntimeException ex) {
                // the storage is still down: not yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** The conversations the dispatcher reported as affected by an outage. */
    static final class Affected {

        static final List<StorageKey> keys = new CopyOnWriteArrayList<>();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class OutageApplication {

        @Bean
        UpdateHandler appendingHandler() {
            return (u) -> {
                List<Object> seen = new ArrayList<>();
                if (u.context().getData().get("seen") instanceof List<?> list) {
                    seen.addAll(list);
                }
                seen.add(u.update().getMessage().getText());
                u.context().updateData("seen", seen);
            };
        }

        @Bean
        DispatchListener affectedRecorder() {
            return new DispatchListener() {
                @Override
                public void storageUnavailable(Update update, StorageKey key) {
                    Affected.keys.add(key);
                }
            };
        }
    }
}
