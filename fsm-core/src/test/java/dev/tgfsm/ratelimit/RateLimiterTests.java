package dev.tgfsm.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

class RateLimiterTests {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private RateLimiter limiter(RateLimitConfig config) {
        return new RateLimiter(storage, config, clock);
    }

    @Test
    void defaultsAreThirtyPerMinutePerUserWithGcraFailingOpen() {
        RateLimitConfig config = RateLimitConfig.ofDefaults();

        assertThat(config.limitForPeriod()).isEqualTo(30);
        assertThat(config.period()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.burst()).isEqualTo(30);
        assertThat(config.scope()).isEqualTo(RateLimitScope.USER);
        assertThat(config.algorithm()).isEqualTo(RateLimitAlgorithm.GCRA);
        assertThat(config.failureMode()).isEqualTo(RateLimitFailureMode.OPEN);
        assertThat(config.emissionInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void badValuesFailAtOnceInTheBuilder() {
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> RateLimitConfig.custom().limitForPeriod(0)).withMessageContaining("limitForPeriod");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> RateLimitConfig.custom().period(Duration.ZERO)).withMessageContaining("period");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> RateLimitConfig.custom().burst(0)).withMessageContaining("burst");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> RateLimitConfig.custom().name(" ")).withMessageContaining("name");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> RateLimitConfig.custom().limitForPeriod(10_000).period(Duration.ofMillis(1)).build())
                .withMessageContaining("microsecond");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        RateLimitConfig config = RateLimitConfig.custom().name("x").limitForPeriod(3).period(Duration.ofSeconds(9))
                .burst(5).scope(RateLimitScope.CHAT).algorithm(RateLimitAlgorithm.FIXED_WINDOW)
                .failureMode(RateLimitFailureMode.CLOSED).noticeText(null).build();

        assertThat(config.toBuilder().build()).usingRecursiveComparison().isEqualTo(config);
    }

    @Test
    void gcraGrantsTheBurstThenOnePermitPerEmissionInterval() {
        RateLimiter limiter = limiter(RateLimitConfig.custom().limitForPeriod(6).period(Duration.ofMinutes(1)).burst(3)
                .build());
        StorageKey bucket = limiter.bucket(1, new UpdateIdentity(5L, 5L, null, null));

        assertThat(limiter.tryAcquire(bucket)).isEqualTo(new RateLimiter.Decision(true, Duration.ZERO, 2, false));
        assertThat(limiter.tryAcquire(bucket).remaining()).isEqualTo(1);
        assertThat(limiter.tryAcquire(bucket).remaining()).isEqualTo(0);
        RateLimiter.Decision refused = limiter.tryAcquire(bucket);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(9));
        assertThat(limiter.tryAcquire(bucket).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire(bucket).allowed()).isTrue();
        assertThat(limiter.tryAcquire(bucket).allowed()).isFalse();

        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(bucket).allowed()).as("permit %d after a quiet time", i).isTrue();
        }
        assertThat(limiter.tryAcquire(bucket).allowed()).isFalse();
    }

    @Test
    void fixedWindowGrantsTheLimitPerAlignedWindow() {
        RateLimiter limiter = limiter(RateLimitConfig.custom().limitForPeriod(2).period(Duration.ofSeconds(10))
                .algorithm(RateLimitAlgorithm.FIXED_WINDOW).build());
        clock.advance(Duration.ofSeconds(4));

        assertThat(limiter.tryAcquire(1, 7L).remaining()).isEqualTo(1);
        assertThat(limiter.tryAcquire(1, 7L).remaining()).isEqualTo(0);
        RateLimiter.Decision refused = limiter.tryAcquire(1, 7L);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(limiter.tryAcquire(1, 8L).allowed()).as("another subject").isTrue();

        clock.advance(Duration.ofSeconds(6));
        assertThat(limiter.tryAcquire(1, 7L).allowed()).isTrue();
    }

    @Test
    void scopesCountUsersChatsOrTheWholeBot() {
        UpdateIdentity aliceInGroup = new UpdateIdentity(-100L, 1L, null, null);
        UpdateIdentity bobInGroup = new UpdateIdentity(-100L, 2L, null, null);
        UpdateIdentity aliceAlone = new UpdateIdentity(1L, 1L, null, null);
        RateLimiter perUser = limiter(RateLimitConfig.custom().name("u").build());
        RateLimiter perChat = limiter(RateLimitConfig.custom().name("c").scope(RateLimitScope.CHAT).build());
        RateLimiter global = limiter(RateLimitConfig.custom().name("g").scope(RateLimitScope.GLOBAL).build());

        assertThat(perUser.bucket(9, aliceInGroup)).isEqualTo(perUser.bucket(9, aliceAlone))
                .isNotEqualTo(perUser.bucket(9, bobInGroup));
        assertThat(perChat.bucket(9, aliceInGroup)).isEqualTo(perChat.bucket(9, bobInGroup))
                .isNotEqualTo(perChat.bucket(9, aliceAlone));
        assertThat(global.bucket(9, aliceInGroup)).isEqualTo(global.bucket(9, bobInGroup))
                .isEqualTo(global.bucket(9, aliceAlone)).isNotEqualTo(global.bucket(8, aliceAlone));
    }

    @Test
    void customSubjectsByTextCountSeparately() {
        RateLimiter limiter = limiter(RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofHours(1)).build());

        assertThat(limiter.tryAcquire(1, "export:5").allowed()).isTrue();
        assertThat(limiter.tryAcquire(1, "export:5").allowed()).isFalse();
        assertThat(limiter.tryAcquire(1, "import:5").allowed()).isTrue();
    }

    @Test
    void sixteenThreadsTimesFiveHundredAttemptsGetExactlyTheBurstWithGcra() throws Exception {
        RateLimiter limiter = limiter(RateLimitConfig.custom().limitForPeriod(100).period(Duration.ofHours(1))
                .burst(777).build());
        assertThat(hammer(() -> limiter.tryAcquire(1, 1L).allowed(), 16, 500)).isEqualTo(777);
    }

    @Test
    void sixteenThreadsTimesFiveHundredAttemptsGetExactlyTheLimitWithFixedWindow() throws Exception {
        RateLimiter limiter = limiter(RateLimitConfig.custom().limitForPeriod(555).period(Duration.ofHours(1))
                .algorithm(RateLimitAlgorithm.FIXED_WINDOW).build());
        clock.set(Instant.parse("2026-01-01T00:10:00Z"));
        assertThat(hammer(() -> limiter.tryAcquire(1, 1L).allowed(), 16, 500)).isEqualTo(555);
    }

    /** Runs attempts from many threads at once and returns how many were granted. */
    static int hammer(java.util.function.BooleanSupplier attempt, int threads, int attempts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < attempts; i++) {
                    if (attempt.getAsBoolean()) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        return granted.get();
    }
}
