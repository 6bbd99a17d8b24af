package dev.tgfsm.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.conversation.ChatMigration;
import dev.tgfsm.conversation.ChatMigrationMiddleware;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.Phase;
import dev.tgfsm.pipeline.UpdateMiddleware;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The rate limit's check riding in the conversation's lock request: one storage call for both, a
 * throttled update takes no lock, and the decision, notice, listener and failure modes are those of
 * the check made on its own.
 */
class LockRidingRateLimitTests {

    private static final long BOT = 42;

    private static final long USER = 7;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final CountingFsmStorage counting = new CountingFsmStorage(memory);

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final LeaseKeeper leases = new LeaseKeeper();

    private final List<String> events = new CopyOnWriteArrayList<>();

    private final List<Object> decisions = new CopyOnWriteArrayList<>();

    /** How many lock requests the flaky storage fails before it answers again. */
    private final AtomicInteger failLocks = new AtomicInteger();

    private final RateLimitListener listener = new RateLimitListener() {
        @Override
        public void allowed(UpdateContext update, RateLimiter.Decision decision) {
            events.add("allowed" + (decision.degraded() ? "-degraded" : ""));
        }

        @Override
        public void throttled(UpdateContext update, RateLimiter.Decision decision, boolean notified) {
            events.add("throttled" + (notified ? "-notified" : "") + (decision.degraded() ? "-degraded" : ""));
        }
    };

    private UpdateDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        leases.close();
    }

    private void start(FsmStorage storage, RateLimitConfig config, boolean middlewareBeforeLock) {
        start(storage, config,
                middlewareBeforeLock ? UpdateMiddleware.at(Phase.BEFORE_LOCK, (u, next) -> next.handle(u)) : null);
    }

    private void start(FsmStorage storage, RateLimitConfig config, UpdateMiddleware beforeLock) {
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                new ContextConfig(null, Duration.ofSeconds(5), Duration.ofSeconds(5),
                        List.of(StorageKey.DEFAULT_DESTINY)),
                leases);
        RateLimitingHandler limit = new RateLimitingHandler(new RateLimiter(storage, config, clock), storage,
                ThrottleNotifier.message(telegram.client()), listener);
        UpdatePipeline.Builder pipeline = UpdatePipeline.builder().rateLimit(limit::handle).handler(u -> {
            decisions.add(u.attribute(RateLimitingHandler.DECISION_ATTRIBUTE));
            u.context().updateData("n", decisions.size());
        });
        if (beforeLock != null) {
            pipeline.middleware(beforeLock);
        }
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, pipeline.build(),
                DispatcherConfig.ofDefaults().withThreads(2), new DispatchListener() {
                    @Override
                    public void dropped(org.telegram.telegrambots.meta.api.objects.Update update) {
                        events.add("dropped");
                    }

                    @Override
                    public void storageRecovered(Duration down) {
                        events.add("recovered");
                    }
                });
    }

    private void send(String text) throws Exception {
        dispatcher.submit(updates.text(USER, text)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAdmittedUpdateCostsTheLockRequestAndTheCommitOnly() throws Exception {
        start(counting, RateLimitConfig.custom().limitForPeriod(5).period(Duration.ofHours(1)).noticeText(null).build(),
                false);

        send("first");

        assertThat(counting.snapshot()).isEqualTo(Map.of("lockAndLoad", 1L, "save", 1L));
        assertThat(decisions).containsExactly(new RateLimiter.Decision(true, Duration.ZERO, 4, false));
        assertThat(events).containsExactly("allowed");
    }

    @Test
    void aThrottledUpdateCostsOneCallAndLeavesTheLockFree() throws Exception {
        start(counting, RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofHours(1)).noticeText(null).build(),
                false);
        send("first");
        counting.reset();

        send("second");

        assertThat(counting.snapshot()).isEqualTo(Map.of("lockAndLoad", 1L));
        assertThat(decisions).hasSize(1);
        assertThat(events).containsExactly("allowed", "throttled", "dropped");
        assertThat(memory.lockAndLoad(StorageKey.of(BOT, USER, USER), Lease.random(Duration.ofSeconds(1)), List.of())
                .acquired()).as("the throttled update took no lock").isTrue();
    }

    @Test
    void theNoticeOfAThrottledUpdateIsSentOncePerPeriod() throws Exception {
        start(counting, RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofMinutes(1))
                .noticeText("Slow down, {seconds} s").build(), false);

        for (int i = 0; i < 4; i++) {
            send("hi " + i);
        }

        assertThat(events).containsExactly("allowed", "throttled-notified", "dropped", "throttled", "dropped",
                "throttled", "dropped");
        assertThat(telegram.texts()).containsExactly("Slow down, 60 s");
    }

    @Test
    void withMiddlewareBeforeTheLockTheCheckMakesItsOwnCallFirst() throws Exception {
        start(counting, RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofHours(1)).noticeText(null).build(),
                true);
        send("first");
        counting.reset();

        send("second");

        assertThat(counting.snapshot()).isEqualTo(Map.of("throttle", 1L));
    }

    @Test
    void theGroupMigrationBeforeTheLockLetsAnOrdinaryUpdateRideAndMakesAServiceMessageCheckOnItsOwn() throws Exception {
        start(counting, RateLimitConfig.custom().limitForPeriod(5).period(Duration.ofHours(1)).noticeText(null).build(),
                new ChatMigrationMiddleware(new ChatMigration(counting)));
        send("first");
        counting.reset();

        send("second");

        assertThat(counting.snapshot()).as("the migration step passes a text on: the check rides in the lock request")
                .isEqualTo(Map.of("lockAndLoad", 1L, "save", 1L));

        counting.reset();
        Update migrated = updates.text(-55, USER, null);
        migrated.getMessage().setMigrateToChatId(-100_123L);
        dispatcher.submit(migrated).get(10, TimeUnit.SECONDS);

        assertThat(counting.snapshot()).as("the service message is checked first, on its own, then moves the group")
                .containsEntry("throttle", 1L);
        assertThat(decisions).as("the service message goes no further").hasSize(2);
    }

    @Test
    void aFixedWindowLimitMakesItsOwnCall() throws Exception {
        start(counting, RateLimitConfig.custom().algorithm(RateLimitAlgorithm.FIXED_WINDOW).limitForPeriod(1)
                .period(Duration.ofHours(1)).noticeText(null).build(), false);
        send("first");
        counting.reset();

        send("second");

        assertThat(counting.snapshot()).isEqualTo(Map.of("increment", 1L));
    }

    @Test
    void aLockRequestThatCannotReachTheStorageFailsClosedWhenConfigured() throws Exception {
        failLocks.set(1);
        start(flaky(), RateLimitConfig.custom().failureMode(RateLimitFailureMode.CLOSED).noticeText("Slow").build(),
                false);

        send("first");

        assertThat(decisions).isEmpty();
        assertThat(events).as("dropped by the failure mode, and the storage not taken as answering again")
                .containsExactly("throttled-degraded", "dropped");
        assertThat(telegram.calls()).isEmpty();
    }

    @Test
    void aLockRequestThatCannotReachTheStorageFailsOpenAndIsRetriedWithoutTheCheck() throws Exception {
        failLocks.set(1);
        start(flaky(), RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofHours(1))
                .failureMode(RateLimitFailureMode.OPEN).noticeText(null).build(), false);

        send("first");
        send("second");

        assertThat(decisions).as("the retry carried no check: the one permit is still there for the second")
                .hasSize(2);
        assertThat(events).containsExactly("allowed-degraded", "recovered", "allowed");
    }

    /** What the proxies are: the core and every capability of the memory storage. */
    private static final Class<?>[] CAPABILITIES = {CounterStorage.class, ThrottleStorage.class, DeadlineIndex.class,
            PrivacyStorage.class};

    /** The memory storage behind a proxy whose lock requests fail while {@link #failLocks} is positive. */
    private FsmStorage flaky() {
        return (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(), CAPABILITIES,
                (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("lockAndLoad") && failLocks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new StorageUnavailableException("down", null);
                    }
                    try {
                        return method.invoke(memory, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }
}
