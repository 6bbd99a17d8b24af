package dev.tgfsm.balancer;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs two actions on two threads released at the same moment, for deliveries that must race.
 */
final class Concurrently {

    private Concurrently() {
    }

    /**
     * Runs both actions at once and waits for both.
     *
     * @param first one action
     * @param second the other
     * @return their results, in the order given
     * @throws Exception the first failure of either
     */
    static WebhookSender.Delivery[] run(Callable<WebhookSender.Delivery> first, Callable<WebhookSender.Delivery> second)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<WebhookSender.Delivery> a = threads.submit(() -> {
                start.await();
                return first.call();
            });
            Future<WebhookSender.Delivery> b = threads.submit(() -> {
                start.await();
                return second.call();
            });
            start.countDown();
            return new WebhookSender.Delivery[]{a.get(), b.get()};
        }
        finally {
            threads.shutdownNow();
        }
    }
}
