package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.ratelimit.Hammer;
import dev.tgfsm.ratelimit.RateLimitAlgorithm;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.MutableClock;

/**
 * The rate limiter on the shared Redis: exact under 16 threads, and across two storages with
 * separate connection factories (two bot instances); GCRA timing follows the storage's clock.
 */
@RequiresServers(TestServer.REDIS)
class RedisRateLimiterIT {

    private static final int THREADS = 16;

    private static final int ATTEMPTS = 300;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T12:00:00Z"));

    private RedisInstances redis;

    private List<RedisFsmStorage> storages;

    @BeforeEach
    void connect() {
        redis = RedisInstances.open(2, StorageConfig.ofDefaults().withClock(clock));
        storages = redis.storages();
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    private RateLimiter limiter(int instance, RateLimitConfig config) {
        return new RateLimiter(storages.get(instance), config, clock);
    }

    @Test
    void gcraGrantsExactlyTheBurstToSixteenThreads() throws Exception {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(60).period(Duration.ofHours(1)).burst(1234)
                .build();
        RateLimiter limiter = limiter(0, config);

        assertThat(Hammer.granted(t -> limiter, THREADS, ATTEMPTS, 7, "hammer")).isEqualTo(1234);
    }

    @Test
    void gcraGrantsExactlyTheBurstAcrossTwoInstances() throws Exception {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(60).period(Duration.ofHours(1)).burst(2345)
                .build();
        RateLimiter first = limiter(0, config);
        RateLimiter second = limiter(1, config);

        assertThat(Hammer.granted(t -> t % 2 == 0 ? first : second, THREADS, ATTEMPTS, 7, "two")).isEqualTo(2345);
    }

    @Test
    void fixedWindowGrantsExactlyTheLimitAcrossTwoInstances() throws Exception {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(1111).period(Duration.ofHours(1))
                .algorithm(RateLimitAlgorithm.FIXED_WINDOW).build();
        RateLimiter first = limiter(0, config);
        RateLimiter second = limiter(1, config);

        assertThat(Hammer.granted(t -> t % 2 == 0 ? first : second, THREADS, ATTEMPTS, 7, "window")).isEqualTo(1111);
    }

    @Test
    void gcraRefillsAtTheSteadyRateByTheStoragesClock() {
        RateLimiter limiter = limiter(0, RateLimitConfig.custom().limitForPeriod(6).period(Duration.ofMinutes(1))
                .burst(2).build());

        assertThat(limiter.tryAcquire(1, 5L)).isEqualTo(new RateLimiter.Decision(true, Duration.ZERO, 1, false));
        assertThat(limiter.tryAcquire(1, 5L).remaining()).isZero();
        assertThat(limiter.tryAcquire(1, 5L).retryAfter()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofMillis(9_999));
        assertThat(limiter.tryAcquire(1, 5L).retryAfter()).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(1, 5L).allowed()).isTrue();
        assertThat(limiter.tryAcquire(1, 5L).allowed()).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquire(1, 5L).remaining()).isEqualTo(1);
    }

    @Test
    void bucketsAreNotRecordsAndClearNamespaceRemovesThem() {
        RateLimiter limiter = limiter(0,
                RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofHours(1)).build());
        limiter.tryAcquire(1, 5L);

        try (var keys = storages.get(0).listKeys("*")) {
            assertThat(keys).isEmpty();
        }
        storages.get(0).clearNamespace();
        assertThat(limiter.tryAcquire(1, 5L).allowed()).isTrue();
    }
}
