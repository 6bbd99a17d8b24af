package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.testsupport.Latches;

/**
 * A sweeper given a shared executor runs there, and stopping cancels its job, waits for a run in
 * progress and leaves the executor to its owner.
 */
class BackgroundSweeperTests {

    private final ScheduledThreadPoolExecutor shared = new ScheduledThreadPoolExecutor(1,
            r -> new Thread(r, "shared-timer"));

    @AfterEach
    void tearDown() {
        shared.shutdownNow();
    }

    @Test
    void runsOnTheGivenExecutorAndStoppingLeavesItRunning() throws Exception {
        shared.setRemoveOnCancelPolicy(true);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        BackgroundSweeper sweeper = new BackgroundSweeper("test-sweeper", () -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        }, Duration.ofMillis(1));
        sweeper.runOn(shared);
        sweeper.start();
        sweeper.start();
        assertThat(sweeper.isRunning()).isTrue();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn.get().getName()).isEqualTo("shared-timer");

        sweeper.stop();
        assertThat(sweeper.isRunning()).isFalse();
        assertThat(shared.getQueue()).isEmpty();
        assertThat(shared.isShutdown()).isFalse();
    }

    @Test
    void stoppingWaitsForARunInProgressOnTheSharedExecutor() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        BackgroundSweeper sweeper = new BackgroundSweeper("test-sweeper", () -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        }, Duration.ofMillis(1));
        sweeper.runOn(shared);
        sweeper.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread releaser = Latches.countDownLater(release, Duration.ofMillis(200));
        sweeper.stop();
        assertThat(finished).as("stop returned only after the run in progress").isTrue();
        releaser.join();
    }

    @Test
    void aRunPickedUpBeforeStopDoesNotSweepAfterIt() {
        AtomicReference<Runnable> picked = new AtomicReference<>();
        ScheduledThreadPoolExecutor capturing = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
                    long delay, TimeUnit unit) {
                picked.set(command);
                return super.scheduleWithFixedDelay(command, 1, 1, TimeUnit.DAYS);
            }
        };
        try {
            AtomicInteger sweeps = new AtomicInteger();
            BackgroundSweeper sweeper = new BackgroundSweeper("test-sweeper", sweeps::incrementAndGet,
                    Duration.ofMillis(1));
            sweeper.runOn(capturing);
            sweeper.start();
            picked.get().run();
            assertThat(sweeps).hasValue(1);

            Runnable straggler = picked.get();
            sweeper.stop();
            straggler.run();
            assertThat(sweeps).as("a run that reaches the sweep after stop() returned").hasValue(1);

            sweeper.start();
            straggler.run();
            assertThat(sweeps).as("a run of an earlier start").hasValue(1);
            picked.get().run();
            assertThat(sweeps).hasValue(2);
            sweeper.stop();
        }
        finally {
            capturing.shutdownNow();
        }
    }
}
