package dev.tgfsm.autoconfigure.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.garbage.GarbageCollectingHandler;
import dev.tgfsm.garbage.GarbageConfig;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.ratelimit.RateLimitAlgorithm;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimitFailureMode;
import dev.tgfsm.ratelimit.RateLimitScope;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.ratelimit.RateLimitingHandler;
import dev.tgfsm.ratelimit.ThrottleNotifier;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.MissingCapabilityException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

class FsmMiddlewareAutoConfigurationTests {

    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmMiddlewareAutoConfiguration.class));

    private ApplicationContextRunner withStorageAndClient() {
        return runner.withBean(FsmStorage.class, () -> new InMemoryFsmStorage(StorageConfig.ofDefaults()))
                .withBean(TelegramClient.class, () -> new RecordingTelegramClient(1, Clock.systemUTC()).client());
    }

    @Test
    void nothingWithoutStorageOrTelegramClient() {
        runner.withPropertyValues("tgfsm.rate-limit.enabled=true").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RateLimiter.class)
                    .doesNotHaveBean(GarbageStateRegistry.class).doesNotHaveBean(RateLimitingHandler.class)
                    .doesNotHaveBean(GarbageCollectingHandler.class);
        });
    }

    @Test
    void rateLimitIsOptInAndGarbageIsOnWithATelegramClient() {
        withStorageAndClient().run(context -> {
            assertThat(context).doesNotHaveBean(RateLimiter.class).hasSingleBean(GarbageStateRegistry.class);
            assertThat(context.getBean(GarbageConfig.class).maxTracked()).isEqualTo(GarbageConfig.DEFAULT_MAX_TRACKED);
        });
    }

    @Test
    void propertiesBuildBothConfigurations() {
        withStorageAndClient()
                .withPropertyValues("tgfsm.rate-limit.enabled=true", "tgfsm.rate-limit.limit-for-period=5",
                        "tgfsm.rate-limit.period=10s", "tgfsm.rate-limit.burst=2", "tgfsm.rate-limit.scope=chat",
                        "tgfsm.rate-limit.algorithm=fixed-window", "tgfsm.rate-limit.failure-mode=closed",
                        "tgfsm.rate-limit.notice-text=", "tgfsm.garbage.max-tracked=7", "tgfsm.garbage.max-age=24h",
                        "tgfsm.garbage.old-messages=edit", "tgfsm.garbage.keep-when-leaving=Menu:MAIN,Help",
                        "tgfsm.garbage.track-user-input=true")
                .run(context -> {
                    RateLimitConfig limit = context.getBean(RateLimiter.class).config();
                    assertThat(limit.limitForPeriod()).isEqualTo(5);
                    assertThat(limit.period()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(limit.burst()).isEqualTo(2);
                    assertThat(limit.scope()).isEqualTo(RateLimitScope.CHAT);
                    assertThat(limit.algorithm()).isEqualTo(RateLimitAlgorithm.FIXED_WINDOW);
                    assertThat(limit.failureMode()).isEqualTo(RateLimitFailureMode.CLOSED);
                    assertThat(limit.noticeText()).isNull();
                    GarbageConfig garbage = context.getBean(GarbageStateRegistry.class).config();
                    assertThat(garbage.maxTracked()).isEqualTo(7);
                    assertThat(garbage.maxAge()).isEqualTo(Duration.ofHours(24));
                    assertThat(garbage.oldMessages()).isEqualTo(GarbageConfig.OldMessagePolicy.EDIT);
                    assertThat(garbage.keepWhenLeaving()).isEqualTo(Set.of("Menu:MAIN", "Help"));
                    assertThat(garbage.trackUserInput()).isTrue();
                    assertThat(context).hasSingleBean(ThrottleNotifier.class);
                });
    }

    @Test
    void aBackendWithoutCountersFailsAtStartUpNamingTheCapabilityThePropertyAndTheBackend() {
        runner.withBean(FsmStorage.class, CoreOnlyStorage::new)
                .withPropertyValues("tgfsm.rate-limit.enabled=true", "tgfsm.rate-limit.algorithm=fixed-window",
                        "tgfsm.rate-limit.notice-text=")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(MissingCapabilityException.class).hasMessageContaining("CounterStorage")
                        .hasMessageContaining("tgfsm.rate-limit.algorithm=fixed-window")
                        .hasMessageContaining(CoreOnlyStorage.class.getName()));
        runner.withBean(FsmStorage.class, CoreOnlyStorage::new)
                .withBean(TelegramClient.class, () -> new RecordingTelegramClient(1, Clock.systemUTC()).client())
                .withPropertyValues("tgfsm.rate-limit.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(MissingCapabilityException.class).hasMessageContaining("CounterStorage")
                        .hasMessageContaining("tgfsm.rate-limit.notice-text")
                        .hasMessageContaining(CoreOnlyStorage.class.getName()));
    }

    @Test
    void aBackendWithoutCountersServesTheGcraRateLimitWithoutANoticeOnRecords() {
        runner.withBean(FsmStorage.class, CoreOnlyStorage::new)
                .withBean(TelegramClient.class, () -> new RecordingTelegramClient(1, Clock.systemUTC()).client())
                .withPropertyValues("tgfsm.rate-limit.enabled=true", "tgfsm.rate-limit.limit-for-period=1",
                        "tgfsm.rate-limit.notice-text=")
                .run(context -> {
                    RateLimiter limiter = context.getBean(RateLimiter.class);
                    assertThat(limiter.tryAcquire(1, 1L).allowed()).isTrue();
                    assertThat(limiter.tryAcquire(1, 1L).allowed()).as("the bucket kept in a record").isFalse();
                });
    }

    @Test
    void theRateLimitAndGarbageStepsAreBeansForThePipeline() {
        withStorageAndClient().withPropertyValues("tgfsm.rate-limit.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(RateLimitingHandler.class).hasSingleBean(GarbageCollectingHandler.class);
        });
    }

    @Test
    void userBeansWinAndTheFsmClockIsUsed() {
        RateLimitConfig own = RateLimitConfig.custom().name("own").limitForPeriod(1).build();
        withStorageAndClient().withPropertyValues("tgfsm.rate-limit.enabled=true")
                .withBean(RateLimitConfig.class, () -> own)
                .withBean("fsmClock", Clock.class, () -> CLOCK)
                .run(context -> {
                    RateLimiter limiter = context.getBean(RateLimiter.class);
                    assertThat(limiter.config()).isSameAs(own);
                    assertThat(limiter.tryAcquire(1, 1L).allowed()).isTrue();
                    assertThat(limiter.tryAcquire(1, 1L).retryAfter()).isEqualTo(Duration.ofMinutes(1));
                });
    }

    @Test
    void badValuesFailAtStartUpWithAClearMessage() {
        withStorageAndClient()
                .withPropertyValues("tgfsm.rate-limit.enabled=true", "tgfsm.rate-limit.limit-for-period=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("limitForPeriod"));
        withStorageAndClient().withPropertyValues("tgfsm.garbage.max-age=49h")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("48 hours"));
    }

    @Test
    void garbageCanBeSwitchedOff() {
        withStorageAndClient().withPropertyValues("tgfsm.garbage.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(GarbageStateRegistry.class));
    }
}
