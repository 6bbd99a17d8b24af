package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.CallbackAnswers;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.garbage.GarbageCollectingHandler;
import dev.tgfsm.garbage.GarbageConfig;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.ratelimit.RateLimitingHandler;
import dev.tgfsm.ratelimit.ThrottleNotifier;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.timeout.IdleTimeoutTracker;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutPolicy;

/**
 * Counts what a dedicated redis-server executed ({@code INFO commandstats} deltas) for updates that
 * run through a pipeline with the middleware a real bot turns on (rate limit with notice, garbage
 * registry tracking the user's input, idle timeouts, callback answers) and the conversation lock: a
 * throttled update is one round trip, the rate-limit check, and takes no lock.
 */
class RedisPipelineRoundTripIT {

    /** Commands our scripts call inside Redis; everything else is a client round trip. */
    private static final Set<String> INSIDE_SCRIPTS = Set.of("hgetall", "hget", "hmget", "get", "set", "del",
            "hset", "hsetnx", "hincrby", "hdel", "hlen", "pexpire", "pexpireat", "expire", "persist", "exists", "time",
            "incr", "incrby", "pttl", "ttl", "zadd", "zrem", "zscore", "zrangebyscore", "zrange", "zcard", "unlink");

    private static final long BOT = 5;

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    private static RedisFsmStorage storage;

    private final Clock clock = Clock.systemUTC();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    @BeforeAll
    static void startServer() {
        server = PrivateRedis.start(Duration.ofSeconds(2));
        redis = server.redis();
        factory = server.factory();
        storage = new RedisFsmStorage(factory, new KeyRenderer("pl:"), StorageConfig.ofDefaults());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private UpdateDispatcher dispatcher(String notice) {
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(ContextConfig.DEFAULT_LOCK_LEASE, ContextConfig.DEFAULT_LOCK_WAIT),
                new LeaseKeeper(), OutboxRelay.sendingThrough(telegram.client(), clock));
        RateLimitConfig limit = RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofHours(1))
                .noticeText(notice).build();
        RateLimitingHandler rateLimit = new RateLimitingHandler(new RateLimiter(storage, limit, clock), storage,
                ThrottleNotifier.message(telegram.client()), null);
        GarbageStateRegistry garbage = new GarbageStateRegistry(telegram.client(),
                GarbageConfig.custom().trackUserInput(true).build(), clock);
        IdleTimeoutTracker timeouts = new IdleTimeoutTracker(
                TimeoutPolicy.of(TimeoutConfig.builder().idle(Duration.ofMinutes(10)).build()), storage, clock);
        UpdatePipeline pipeline = UpdatePipeline.builder()
                .rateLimit(rateLimit::handle)
                .callbackAnswers(new CallbackAnswers(new TelegramMessenger(telegram::client), null))
                .garbage(new GarbageCollectingHandler(garbage)::handle)
                .timeouts(timeouts::handle)
                .handler(u -> u.context().setState("menu"))
                .build();
        return new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, pipeline,
                DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    /** Runs an admitted and a throttled update of another user, so that every script is loaded. */
    private void warmUp(UpdateDispatcher dispatcher) throws Exception {
        dispatcher.submit(updates.text(999, "warm")).get(10, TimeUnit.SECONDS);
        dispatcher.submit(updates.text(999, "warm again")).get(10, TimeUnit.SECONDS);
        telegram.reset();
    }

    private static Map<String, Long> roundTrips(UpdateDispatcher dispatcher, Update update) throws Exception {
        Map<String, Long> before = CommandStats.of(redis);
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        Map<String, Long> out = new HashMap<>(CommandStats.delta(before, CommandStats.of(redis)));
        out.keySet().removeAll(INSIDE_SCRIPTS);
        return out;
    }

    @Test
    void aThrottledUpdateIsOneRoundTripAndTakesNoLock() throws Exception {
        try (UpdateDispatcher dispatcher = dispatcher(null)) {
            warmUp(dispatcher);
            Map<String, Long> admitted = roundTrips(dispatcher, updates.text(101, "first"));
            Map<String, Long> throttled = roundTrips(dispatcher, updates.text(101, "second"));
            Map<String, Long> button = roundTrips(dispatcher, updates.callback(101, "pressed"));

            System.out.printf("Redis round trips, admitted update with rate limit + garbage + timeouts + lock: %s%n",
                    admitted);
            assertThat(throttled).isEqualTo(Map.of("evalsha", 1L));
            assertThat(button).isEqualTo(Map.of("evalsha", 1L));
            assertThat(telegram.calls("answerCallbackQuery")).hasSize(1);
        }
    }

    @Test
    void withTheNoticeOnlyTheFirstThrottledUpdateOfAPeriodPaysForItsCounter() throws Exception {
        try (UpdateDispatcher dispatcher = dispatcher("Slow down")) {
            warmUp(dispatcher);
            roundTrips(dispatcher, updates.text(102, "first"));
            Map<String, Long> firstThrottled = roundTrips(dispatcher, updates.text(102, "second"));
            Map<String, Long> laterThrottled = roundTrips(dispatcher, updates.text(102, "third"));

            assertThat(firstThrottled).isEqualTo(Map.of("evalsha", 2L));
            assertThat(laterThrottled).isEqualTo(Map.of("evalsha", 1L));
            assertThat(telegram.texts()).containsExactly("Slow down");
        }
    }
}
