package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/**
 * Contract of the counters of a backend with {@link CounterStorage}, reached through
 * {@link #counters()}: creation at zero, fixed windows judged by the settings' clock, any name,
 * not listed as records, and exact under concurrency (hence {@link ConcurrencyContract}'s threads).
 */
public interface CounterContract extends ConcurrencyContract {

    @Test
    default void incrementCreatesAtZeroAndAddsAmounts() {
        assertThat(counters().increment("visits", 1, null)).isEqualTo(1);
        assertThat(counters().increment("visits", 1, null)).isEqualTo(2);
        assertThat(counters().increment("visits", 40, null)).isEqualTo(42);
        assertThat(counters().increment("other", 1, null)).isEqualTo(1);
    }

    @Test
    default void incrementAcceptsNegativeAndZeroAmounts() {
        assertThat(counters().increment("c", -5, null)).isEqualTo(-5);
        assertThat(counters().increment("c", 0, null)).isEqualTo(-5);
        assertThat(counters().increment("c", 8, null)).isEqualTo(3);
    }

    @Test
    default void incrementKeepsTtlFromCreationAndRestartsAtZeroAfterExpiry() {
        assertThat(counters().increment("window", 1, Duration.ofSeconds(10))).isEqualTo(1);
        clock().advance(Duration.ofSeconds(6));
        assertThat(counters().increment("window", 1, Duration.ofSeconds(10))).isEqualTo(2);
        clock().advance(Duration.ofSeconds(3));
        assertThat(counters().increment("window", 1, Duration.ofSeconds(10))).isEqualTo(3);

        clock().advance(Duration.ofSeconds(2));
        assertThat(counters().increment("window", 1, Duration.ofSeconds(10))).as("fixed window from creation")
                .isEqualTo(1);
        clock().advance(Duration.ofSeconds(9));
        assertThat(counters().increment("window", 5, Duration.ofSeconds(10))).isEqualTo(6);
    }

    @Test
    default void incrementWithoutTtlNeverExpires() {
        counters().increment("forever", 3, null);
        clock().advance(Duration.ofDays(400));

        assertThat(counters().increment("forever", 1, null)).isEqualTo(4);
    }

    @Test
    default void countersAcceptAnyName() {
        String name = "rate:{1:2:3}:* ?[x] %41 ключ";
        assertThat(counters().increment(name, 2, null)).isEqualTo(2);
        assertThat(counters().increment("rate:{1:2:3}:x ?[x] %41 ключ", 1, null)).isEqualTo(1);
        assertThat(counters().increment(name, 2, null)).isEqualTo(4);
    }

    @Test
    default void countersAreNotListedAsRecords() {
        counters().increment("c", 1, null);

        try (var keys = storage().listKeys("*")) {
            assertThat(keys).isEmpty();
        }
    }

    @Test
    default void incrementOnHotCounterIsExact() throws Exception {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        runConcurrently(t -> {
            for (int i = 0; i < operations(); i++) {
                seen.add(counters().increment("hot", 1, Duration.ofHours(1)));
            }
        });

        long total = (long) THREADS * operations();
        assertThat(counters().increment("hot", 0, null)).isEqualTo(total);
        assertThat(seen).as("every increment returned a distinct value").hasSize((int) total);
    }

    @Test
    default void incrementOnManyCountersIsExact() throws Exception {
        int counters = 50;
        runConcurrently(t -> {
            for (int i = 0; i < operations(); i++) {
                counters().increment("c" + (i % counters), 1, null);
            }
        });

        for (int c = 0; c < counters; c++) {
            int perThread = operations() / counters + (c < operations() % counters ? 1 : 0);
            assertThat(counters().increment("c" + c, 0, null)).isEqualTo((long) THREADS * perThread);
        }
    }
}
