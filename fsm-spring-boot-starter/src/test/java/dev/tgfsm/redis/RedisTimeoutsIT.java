package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.timeout.IdleTimeoutTracker;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutPolicy;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Two bot instances (two storages with separate connection factories, two schedulers) on one Redis
 * race to fire the idle timeouts of many conversations: every warning and every expiry message is
 * sent exactly once.
 */
@RequiresServers(TestServer.REDIS)
class RedisTimeoutsIT {

    private static final int CONVERSATIONS = 300;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(1, clock);

    private final TimeoutConfig config = TimeoutConfig.builder().idle(Duration.ofMinutes(30))
            .warningBefore(Duration.ofMinutes(5)).batchSize(7).build();

    private RedisInstances redis;

    private List<RedisFsmStorage> storages;

    private final List<TimeoutScheduler> schedulers = new ArrayList<>();

    private final List<OutboxFlusher> flushers = new ArrayList<>();

    @BeforeEach
    void connect() {
        redis = RedisInstances.open(2, StorageConfig.ofDefaults().withClock(clock));
        storages = redis.storages();
        for (RedisFsmStorage storage : storages) {
            OutboxRelay relay = OutboxRelay.sendingThrough(telegram.client(), clock);
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                    null,
                    relay);
            schedulers.add(new TimeoutScheduler(contexts, config, clock));
            flushers.add(new OutboxFlusher(contexts, relay, clock, Duration.ofSeconds(1)));
        }
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    private void startConversations() {
        FsmContexts contexts = FsmTransactions.contexts(storages.get(0), new JacksonFsmCodec(),
                ContextConfig.ofDefaults(),
                null);
        IdleTimeoutTracker tracker = new IdleTimeoutTracker(TimeoutPolicy.of(config), storages.get(0), clock);
        for (int chat = 1; chat <= CONVERSATIONS; chat++) {
            long id = chat;
            FsmTransactions.inTransaction(contexts, StorageKey.of(1, chat, chat), tx -> {
                tx.context().setState("form:name");
                tracker.track(tx, id);
                return null;
            });
        }
    }

    private int raceBothInstances() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> fired = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            TimeoutScheduler scheduler = schedulers.get(t % 2);
            fired.add(pool.submit(() -> {
                start.await();
                return scheduler.runDue();
            }));
        }
        start.countDown();
        int total = 0;
        try {
            for (Future<Integer> f : fired) {
                total += f.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        // the background flush of each instance stores its deliveries' acknowledgements
        flushers.forEach(OutboxFlusher::flushAll);
        return total;
    }

    private Map<String, Long> messagesPerChat(String prefix) {
        return telegram.calls("sendMessage").stream().filter(c -> c.text().startsWith(prefix))
                .map(c -> c.param("chat_id"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void everyWarningAndExpiryIsSentExactlyOnceByTwoInstances() throws Exception {
        startConversations();

        clock.advance(Duration.ofMinutes(26));
        assertThat(raceBothInstances()).isEqualTo(CONVERSATIONS);
        assertThat(messagesPerChat("Your session will expire")).hasSize(CONVERSATIONS)
                .allSatisfy((chat, n) -> assertThat(n).as("warnings to chat %s", chat).isEqualTo(1));

        clock.advance(Duration.ofMinutes(5));
        assertThat(raceBothInstances()).isEqualTo(CONVERSATIONS);
        assertThat(messagesPerChat("Your session expired")).hasSize(CONVERSATIONS)
                .allSatisfy((chat, n) -> assertThat(n).as("expiries of chat %s", chat).isEqualTo(1));
        assertThat(telegram.calls()).hasSize(2 * CONVERSATIONS).allMatch(BotCall.class::isInstance);
        assertThat(storages.get(1).getState(StorageKey.of(1, 7, 7))).isNull();

        clock.advance(Duration.ofHours(1));
        assertThat(raceBothInstances()).isZero();
    }
}
