package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.ratelimit.RateLimitAlgorithm;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.storage.StorageConfig;

/**
 * Counts what a dedicated redis-server executed ({@code INFO commandstats} deltas) for rate-limit
 * checks: one {@code EVALSHA} per GCRA check, admitted or refused, and one per fixed-window check.
 */
class RedisThrottleRoundTripIT {

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    private static RedisFsmStorage storage;

    @BeforeAll
    static void startServer() {
        server = PrivateRedis.start(Duration.ofSeconds(2));
        redis = server.redis();
        factory = server.factory();
        storage = new RedisFsmStorage(factory, new KeyRenderer("rl:"), StorageConfig.ofDefaults());
        new RateLimiter(storage, RateLimitConfig.ofDefaults(), java.time.Clock.systemUTC()).tryAcquire(1, "warm");
        storage.increment("warm", 1, null);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void everyGcraCheckIsOneEvalsha() {
        RateLimiter limiter = new RateLimiter(storage, RateLimitConfig.custom().limitForPeriod(2)
                .period(Duration.ofHours(1)).build(), java.time.Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            Map<String, Long> before = stats();
            RateLimiter.Decision decision = limiter.tryAcquire(1, 77L);
            Map<String, Long> delta = delta(before, stats());

            assertThat(decision.allowed()).isEqualTo(i < 2);
            assertThat(delta).as("check %d", i).isEqualTo(Map.of("evalsha", 1L));
        }
    }

    @Test
    void everyFixedWindowCheckIsOneEvalsha() {
        RateLimiter limiter = new RateLimiter(storage, RateLimitConfig.custom().limitForPeriod(2)
                .period(Duration.ofHours(1)).algorithm(RateLimitAlgorithm.FIXED_WINDOW).build(),
                java.time.Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            Map<String, Long> before = stats();
            limiter.tryAcquire(1, 78L);
            assertThat(delta(before, stats())).as("check %d", i).isEqualTo(Map.of("evalsha", 1L));
        }
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = CommandStats.delta(before, after);
        // commands run inside the script are not round trips
        out.keySet().removeAll(java.util.Set.of("get", "set", "hget", "del", "exists", "hincrby", "hset", "pexpire"));
        return out;
    }

    private static Map<String, Long> stats() {
        return CommandStats.of(redis);
    }
}
