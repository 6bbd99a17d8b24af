package dev.tgfsm.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tgfsm.testing.MutableClock;

class StaleButtonLogTests {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final StaleButtonLog log = new StaleButtonLog(clock, Duration.ofMinutes(1));

    record Page(int number) {
    }

    @Test
    void everyTypedRouteKeepsItsOwnWindows() {
        Route mine = Route.callback().data(Page.class).handle((u, m) -> {});
        Route anotherBots = Route.callback().data(Page.class).handle((u, m) -> {});
        assertThat(mine.staleButtons().stale("page", 1, "bad", "mine")).isTrue();
        assertThat(anotherBots.staleButtons().stale("page", 2, "bad", "other"))
                .as("a route of another bot (or test) is not silenced by this one's warning").isTrue();
        assertThat(mine.staleButtons().stale("page", 3, "bad", "mine")).isFalse();
    }

    @Test
    void warnsOncePerPrefixPerMinute() {
        assertThat(log.stale("o", 1, "bad", "r")).isTrue();
        assertThat(log.stale("o", 2, "bad", "r")).isFalse();
        assertThat(log.stale("p", 3, "bad", "r")).as("another prefix has its own window").isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(log.stale("o", 4, "bad", "r")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(log.stale("o", 5, "bad", "r")).isTrue();
        assertThat(log.stale("o", 6, "bad", "r")).isFalse();
    }

    @Test
    void concurrentStaleButtonsOfOnePrefixWarnExactlyOnce() throws Exception {
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> warned = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                warned.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < each; i++) {
                        n += log.stale("o", i, "bad", "r") ? 1 : 0;
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : warned) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(1);
        }
        finally {
            pool.shutdownNow();
        }
    }
}
