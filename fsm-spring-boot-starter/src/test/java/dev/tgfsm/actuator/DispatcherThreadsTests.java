package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.actuator.FsmActuatorAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * The dispatcher's worker threads: virtual with {@code spring.threads.virtual.enabled} where the Java
 * runtime does not pin them in {@code synchronized} (24 and later), platform threads named
 * {@code tgfsm-update-*} otherwise, and the worker pool measured by Micrometer's executor meters.
 */
class DispatcherThreadsTests {

    private final MutableClock clock = MutableClock.now();

    /** The threads the handler ran on. */
    private final List<Thread> ranOn = new CopyOnWriteArrayList<>();

    /** What the handler does: by default, note its thread. */
    private volatile UpdateHandler handler = update -> ranOn.add(Thread.currentThread());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmActuatorAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.dispatcher.threads=3")
            .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
            .withBean(UpdateHandler.class, () -> update -> handler.handle(update));

    private void handleFive(UpdateDispatcher dispatcher) throws Exception {
        Updates updates = new Updates(clock);
        for (int user = 1; user <= 5; user++) {
            dispatcher.submit(updates.text(user, "hi")).get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        return Runtime.version().feature() >= 21 && (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }

    @Test
    void withVirtualThreadsEnabledUpdatesRunOnVirtualThreadsWhereTheRuntimeHasThem() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            handleFive(context.getBean(UpdateDispatcher.class));
            assertThat(ranOn).hasSize(5).allSatisfy(t -> assertThat(t.getName()).startsWith("tgfsm-update-"));
            int java = Runtime.version().feature();
            assertThat(context.containsBean("fsmVirtualThreadsCustomizer")).isEqualTo(java >= 21);
            for (Thread thread : ranOn) {
                assertThat(isVirtual(thread)).as(thread + " on Java " + java).isEqualTo(java >= 24);
            }
        });
    }

    @Test
    void withoutThePropertyUpdatesRunOnTheDispatchersPlatformThreads() {
        runner.run(context -> {
            handleFive(context.getBean(UpdateDispatcher.class));
            assertThat(context.containsBean("fsmVirtualThreadsCustomizer")).isFalse();
            assertThat(ranOn).hasSize(5).allSatisfy(t -> {
                assertThat(t.getName()).startsWith("tgfsm-update-");
                assertThat(isVirtual(t)).isFalse();
            });
        });
    }

    /** Updates waiting behind their conversation are not in the pool's queue; the pending gauge counts them. */
    @Test
    void theQueueDepthCountsUpdatesWaitingForTheirConversationAndForAWorker() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(3);
        handler = update -> {
            running.countDown();
            release.await();
        };
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            var pending = registry.get(dev.tgfsm.actuator.FsmMetrics.PENDING).tag("bot", "0").gauge();
            assertThat(pending.value()).isZero();
            List<java.util.concurrent.CompletableFuture<Void>> all = new java.util.ArrayList<>();
            for (int user = 1; user <= 3; user++) {
                all.add(dispatcher.submit(updates.text(user, "first"))); // the 3 workers
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 4; i++) {
                all.add(dispatcher.submit(updates.text(1, "behind " + i))); // behind user 1
            }
            all.add(dispatcher.submit(updates.text(9, "for a worker")));
            assertThat(pending.value()).isEqualTo(8);
            release.countDown();
            for (var future : all) {
                future.get(10, TimeUnit.SECONDS);
            }
            dispatcher.shutdown(); // waits until every permit is back
            assertThat(pending.value()).isZero();
        });
    }

    @Test
    void theWorkerPoolIsMeasured() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            handleFive(dispatcher);
            assertThat(registry.get("executor.pool.core").tag("name", "tgfsm.dispatcher").tag("bot", "0").gauge()
                    .value()).isEqualTo(3);
            // a task counts as completed just after the update's future completes inside it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.get("executor.completed").tag("name", "tgfsm.dispatcher").functionCounter().count() < 5
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(registry.get("executor.completed").tag("name", "tgfsm.dispatcher").functionCounter().count())
                    .isEqualTo(5);
        });
    }
}
