package dev.tgfsm.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs rate-limit attempts from many threads released at once and counts the permits granted.
 */
public final class Hammer {

    private Hammer() {
    }

    /**
     * Runs the attempts.
     *
     * @param limiterOfThread the limiter each thread uses (threads may use different instances)
     * @param threads how many threads
     * @param attempts attempts per thread
     * @param botId the bot of the subject
     * @param subject the one subject every attempt counts against
     * @return the permits granted
     * @throws Exception if a thread failed
     */
    public static int granted(IntFunction<RateLimiter> limiterOfThread, int threads, int attempts, long botId,
            String subject) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RateLimiter limiter = limiterOfThread.apply(t);
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < attempts; i++) {
                    RateLimiter.Decision decision = limiter.tryAcquire(botId, subject);
                    if (decision.degraded()) {
                        throw new IllegalStateException("storage failed during the run");
                    }
                    if (decision.allowed()) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> future : futures) {
                future.get(180, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        return granted.get();
    }
}
