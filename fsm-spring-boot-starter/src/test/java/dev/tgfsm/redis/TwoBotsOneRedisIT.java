package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.timeout.ExpiryHandler;
import dev.tgfsm.timeout.IdleTimeoutTracker;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutPolicy;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Two bots, each in its own application (its own Redis connection factory, scheduler, notifier and
 * Bot API client with its own token against its own local Bot API server), on one Redis with one key
 * prefix, and with users of the same chat ids: each bot warns, expires and greets after a restart only
 * its own users, through its own token; the other bot's deadlines stay due for it.
 */
@RequiresServers(TestServer.REDIS)
class TwoBotsOneRedisIT {

    private static final int USERS = 20;

    private final MutableClock clock = MutableClock.now();

    private final TimeoutConfig config = TimeoutConfig.builder().idle(Duration.ofMinutes(30))
            .warningBefore(Duration.ofMinutes(5)).batchSize(7).build();

    private RedisInstances redis;

    private final List<Bot> bots = new ArrayList<>();

    /** One bot's application. */
    private record Bot(long id, String token, LocalBotApiServer api, FsmContexts contexts, TimeoutScheduler timeouts,
            RestartNotifier notices) {

        List<LocalBotApiServer.Request> sent(String textStart) {
            return api.requests("sendMessage").stream().filter(r -> r.param("text").startsWith(textStart)).toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        redis = RedisInstances.open(2, StorageConfig.ofDefaults().withClock(clock));
        long[] ids = {101, 202};
        for (int i = 0; i < 2; i++) {
            String token = ids[i] + ":token-of-bot-" + i;
            LocalBotApiServer api = LocalBotApiServer.start();
            URI url = URI.create(api.url());
            OkHttpTelegramClient client = new OkHttpTelegramClient(token,
                    new TelegramUrl("http", url.getHost(), url.getPort(), false));
            FsmContexts contexts = FsmTransactions.contexts(redis.storages().get(i), new JacksonFsmCodec(),
                    ContextConfig.ofDefaults(), null, OutboxRelay.sendingThrough(client, clock));
            bots.add(new Bot(ids[i], token, api, contexts,
                    new TimeoutScheduler(ids[i], contexts, config, clock, ExpiryHandler.clearing(config.expiredText())),
                    new RestartNotifier(ids[i], contexts, clock, Duration.ofHours(1), "Bot " + ids[i] + " is back")));
        }
    }

    @AfterEach
    void stop() {
        bots.forEach(bot -> bot.api().close());
        redis.close();
    }

    private void startConversations(Bot bot) {
        IdleTimeoutTracker tracker = new IdleTimeoutTracker(TimeoutPolicy.of(config), bot.contexts().storage(), clock);
        for (int chat = 1; chat <= USERS; chat++) {
            long id = chat;
            FsmTransactions.inTransaction(bot.contexts(), StorageKey.of(bot.id(), chat, chat), tx -> {
                tx.context().setState("form:name");
                tracker.track(tx, id);
                return null;
            });
        }
    }

    @Test
    void eachBotWarnsAndExpiresOnlyItsOwnUsersThroughItsOwnToken() {
        Bot first = bots.get(0);
        Bot second = bots.get(1);
        startConversations(first);
        startConversations(second);
        clock.advance(Duration.ofMinutes(26));

        assertThat(first.timeouts().runDue()).as("the first bot runs first and fires only its own").isEqualTo(USERS);
        assertThat(first.sent("Your session will expire")).hasSize(USERS)
                .allSatisfy(r -> assertThat(r.token()).isEqualTo(first.token()));
        assertThat(second.api().requests("sendMessage")).as("nothing through the other bot yet").isEmpty();

        assertThat(second.timeouts().runDue()).as("its deadlines were left due for it").isEqualTo(USERS);
        assertThat(second.sent("Your session will expire")).hasSize(USERS)
                .allSatisfy(r -> assertThat(r.token()).isEqualTo(second.token()));

        clock.advance(Duration.ofMinutes(5));
        assertThat(second.timeouts().runDue()).isEqualTo(USERS);
        assertThat(first.timeouts().runDue()).isEqualTo(USERS);
        assertThat(first.sent("Your session expired")).hasSize(USERS);
        assertThat(second.sent("Your session expired")).hasSize(USERS);
        assertThat(first.api().requests("sendMessage")).as("exactly one warning and one expiry per own user")
                .hasSize(2 * USERS).allSatisfy(r -> assertThat(r.token()).isEqualTo(first.token()));
        assertThat(second.api().requests("sendMessage")).hasSize(2 * USERS)
                .allSatisfy(r -> assertThat(r.token()).isEqualTo(second.token()));
        assertThat(first.contexts().storage().getState(StorageKey.of(second.id(), 3, 3))).isNull();
    }

    @Test
    void eachBotsRestartNoticeReachesOnlyItsOwnUsersThroughItsOwnToken() {
        Bot first = bots.get(0);
        Bot second = bots.get(1);
        startConversations(first);
        startConversations(second);

        assertThat(first.notices().notifyActive()).isEqualTo(USERS);
        assertThat(first.sent("Bot " + first.id() + " is back")).hasSize(USERS)
                .allSatisfy(r -> assertThat(r.token()).isEqualTo(first.token()));
        assertThat(second.api().requests("sendMessage")).isEmpty();

        assertThat(second.notices().notifyActive()).as("the first bot did not mark them").isEqualTo(USERS);
        assertThat(second.sent("Bot " + second.id() + " is back")).hasSize(USERS);
        assertThat(first.api().requests("sendMessage")).hasSize(USERS);
    }
}
