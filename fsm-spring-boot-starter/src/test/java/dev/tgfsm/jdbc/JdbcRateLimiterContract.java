package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.tgfsm.ratelimit.Hammer;
import dev.tgfsm.ratelimit.RateLimitAlgorithm;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.MutableClock;

/**
 * The rate limiter on a database: GCRA (the default {@code throttle} over a row-locked change) and
 * the fixed window grant exactly the permits allowed to 8 threads, over two pools (two instances).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcRateLimiterContract {

    private static final int THREADS = 8;

    private static final int ATTEMPTS = 100;

    private final String prefix = TestDataSources.uniquePrefix();

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T12:00:00Z"));

    private HikariDataSource poolA;

    private HikariDataSource poolB;

    private JdbcFsmStorage first;

    private JdbcFsmStorage second;

    /**
     * Opens a pool on the database under test.
     *
     * @param size the pool size
     * @return the pool
     */
    abstract HikariDataSource pool(int size);

    @BeforeAll
    void createTables() {
        poolA = pool(THREADS / 2);
        poolB = pool(THREADS / 2);
        new JdbcSchemaInitializer(poolA, prefix, null).initialize();
        first = new JdbcFsmStorage(poolA, prefix, null, StorageConfig.ofDefaults().withClock(clock));
        second = new JdbcFsmStorage(poolB, prefix, null, StorageConfig.ofDefaults().withClock(clock));
    }

    @AfterAll
    void dropTables() {
        new JdbcSchemaInitializer(poolA, prefix, null).drop();
        poolA.close();
        poolB.close();
    }

    @Test
    void gcraGrantsExactlyTheBurstAcrossTwoInstances() throws Exception {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(60).period(Duration.ofHours(1)).burst(345)
                .build();
        RateLimiter a = new RateLimiter(first, config, clock);
        RateLimiter b = new RateLimiter(second, config, clock);

        assertThat(Hammer.granted(t -> t % 2 == 0 ? a : b, THREADS, ATTEMPTS, 7, "gcra")).isEqualTo(345);
    }

    @Test
    void fixedWindowGrantsExactlyTheLimitAcrossTwoInstances() throws Exception {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(321).period(Duration.ofHours(1))
                .algorithm(RateLimitAlgorithm.FIXED_WINDOW).build();
        RateLimiter a = new RateLimiter(first, config, clock);
        RateLimiter b = new RateLimiter(second, config, clock);

        assertThat(Hammer.granted(t -> t % 2 == 0 ? a : b, THREADS, ATTEMPTS, 7, "window")).isEqualTo(321);
    }

    @Test
    void gcraRefillsByTheStoragesClock() {
        RateLimiter limiter = new RateLimiter(first, RateLimitConfig.custom().limitForPeriod(6)
                .period(Duration.ofMinutes(1)).burst(1).build(), clock);

        assertThat(limiter.tryAcquire(1, 9L).allowed()).isTrue();
        assertThat(limiter.tryAcquire(1, 9L).retryAfter()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire(1, 9L).allowed()).isTrue();
    }
}
