package dev.tgfsm.testsupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Latches released from another thread, for tests that must show a call blocks until something it
 * waits for happens.
 */
public final class Latches {

    private Latches() {
    }

    /**
     * Counts a latch down once, from a new thread, after a pause: long enough that the calling thread
     * has gone on into the call under test and blocks in it before the latch opens. The pause only
     * orders the two threads; nothing asserts on it.
     *
     * @param latch the latch to count down
     * @param delay the pause before counting down
     * @return the started thread, for the test to join
     */
    public static Thread countDownLater(CountDownLatch latch, Duration delay) {
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            latch.countDown();
        }, "count-down-later");
        releaser.start();
        return releaser;
    }
}
