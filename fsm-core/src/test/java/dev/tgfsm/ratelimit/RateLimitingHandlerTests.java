package dev.tgfsm.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageBusyException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

class RateLimitingHandlerTests {

    private static final long BOT = 42;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final AtomicInteger handled = new AtomicInteger();

    private final List<String> events = new CopyOnWriteArrayList<>();

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
    }

    private void run(FsmStorage limiterStorage, RateLimitConfig config, int user, int count) throws Exception {
        if (dispatcher == null) {
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                    null);
            UpdateHandler counting = u -> {
                handled.incrementAndGet();
                u.context().updateData("n", handled.get());
            };
            RateLimitingHandler limit = new RateLimitingHandler(new RateLimiter(limiterStorage, config, clock),
                    limiterStorage, ThrottleNotifier.message(telegram.client()), listener);
            dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                    UpdatePipeline.builder().rateLimit(limit::handle).handler(counting).build(),
                    DispatcherConfig.ofDefaults().withThreads(2), null);
        }
        for (int i = 0; i < count; i++) {
            dispatcher.submit(updates.text(user, "hi " + i)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void throttledUpdatesAreDroppedBeforeTheNextHandlerAndTheUserIsToldOncePerPeriod() throws Exception {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(3).period(Duration.ofMinutes(1))
                .noticeText("Slow down, {seconds} s").build();

        run(storage, config, 7, 6);

        assertThat(handled).hasValue(3);
        assertThat(events).containsExactly("allowed", "allowed", "allowed", "throttled-notified", "throttled",
                "throttled");
        assertThat(telegram.calls("sendMessage")).singleElement().satisfies(call -> {
            assertThat(call.text()).isEqualTo("Slow down, 20 s");
            assertThat(call.param("chat_id")).isEqualTo("7");
        });

        clock.advance(Duration.ofSeconds(20));
        run(storage, config, 7, 2);
        assertThat(handled).hasValue(4);
        assertThat(telegram.calls("sendMessage")).as("still the same period").hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        run(storage, config, 7, 4);
        assertThat(handled).hasValue(7);
        assertThat(telegram.calls("sendMessage")).extracting(BotCall::text).hasSize(2);
    }

    @Test
    void usersAreLimitedSeparately() throws Exception {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(2).noticeText(null).build();

        run(storage, config, 1, 3);
        run(storage, config, 2, 3);

        assertThat(handled).hasValue(4);
        assertThat(telegram.calls()).isEmpty();
    }

    @Test
    void storageDownFailsOpenWhenConfigured() throws Exception {
        run(downStorage(), RateLimitConfig.custom().failureMode(RateLimitFailureMode.OPEN).build(), 1, 2);

        assertThat(handled).hasValue(2);
        assertThat(events).containsExactly("allowed-degraded", "allowed-degraded");
    }

    @Test
    void storageDownFailsClosedWhenConfiguredAndSendsNoNotice() throws Exception {
        run(downStorage(), RateLimitConfig.custom().failureMode(RateLimitFailureMode.CLOSED).build(), 1, 2);

        assertThat(handled).hasValue(0);
        assertThat(events).containsExactly("throttled-degraded", "throttled-degraded");
        assertThat(telegram.calls()).isEmpty();
    }

    @Test
    void aStorageTooBusyToCountFailsByTheFailureModeInsteadOfDroppingTheUpdate() throws Exception {
        run(failingStorage(() -> new StorageBusyException("gave up after 100 attempts", null)),
                RateLimitConfig.custom().failureMode(RateLimitFailureMode.OPEN).build(), 1, 2);

        assertThat(handled).hasValue(2);
        assertThat(events).containsExactly("allowed-degraded", "allowed-degraded");
    }

    @Test
    void theDecisionIsAnAttributeOfTheUpdate() throws Exception {
        RateLimiter limiter = new RateLimiter(storage, RateLimitConfig.custom().limitForPeriod(5).build(), clock);
        List<Object> seen = new CopyOnWriteArrayList<>();
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().rateLimit(new RateLimitingHandler(limiter, storage, null, null)::handle)
                        .handler(u -> seen.add(u.attribute(RateLimitingHandler.DECISION_ATTRIBUTE))).build(),
                DispatcherConfig.ofDefaults(), null);

        dispatcher.submit(updates.text(3, "x")).get(10, TimeUnit.SECONDS);

        assertThat(seen).containsExactly(new RateLimiter.Decision(true, Duration.ZERO, 4, false));
    }

    private static FsmStorage downStorage() {
        return failingStorage(() -> new StorageUnavailableException("down", null));
    }

    /** A storage whose every call fails with the given exception. */
    private static FsmStorage failingStorage(Supplier<RuntimeException> failure) {
        return (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(),
                new Class<?>[]{CounterStorage.class, ThrottleStorage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // a property, not a call
                    }
                    throw failure.get();
                });
    }
}
