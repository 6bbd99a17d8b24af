package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmTimers;
import dev.tgfsm.autoconfigure.actuator.FsmActuatorAutoConfiguration;
import dev.tgfsm.autoconfigure.album.FsmAlbumAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testsupport.RenewalWatch;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * tgfsm's timers (lease renewals, album timers, the storage sweep, the outbox flush and idle-timeout polls) run on pools
 * built with Boot's scheduler builder: on virtual threads with {@code spring.threads.virtual.enabled}
 * where updates run on them too (Java 24 and later), measured by Micrometer's executor meters, and
 * stopped when the context closes.
 */
class TimerThreadsTests {

    private final MutableClock clock = MutableClock.now();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmTimeoutAutoConfiguration.class,
                    FsmAlbumAutoConfiguration.class, FsmActuatorAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory")
            .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
            .withBean(UpdateHandler.class, () -> update -> {})
            .withBean(TelegramClient.class, new RecordingTelegramClient(0, clock)::client);

    private static boolean isVirtual(Thread thread) throws Exception {
        return Runtime.version().feature() >= 21 && (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }

    /** The thread a task runs on in the executor. */
    private static Thread threadOf(ScheduledExecutorService executor) throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        executor.schedule(() -> thread.set(Thread.currentThread()), 0, TimeUnit.MILLISECONDS).get(10,
                TimeUnit.SECONDS);
        return thread.get();
    }

    /** Holds a lease long enough to be renewed and returns the thread that renewed it. */
    private static Thread renewingThread(ConfigurableApplicationContext context) throws Exception {
        FsmStorage storage = context.getBean(FsmStorage.class);
        RenewalWatch watched = new RenewalWatch(storage);
        LeaseKeeper keeper = context.getBean(LeaseKeeper.class);
        LeaseKeeper.Held held = keeper.acquire(watched, StorageKey.of(1, 42, 42), Duration.ofMillis(30),
                Duration.ofSeconds(5), List.of());
        try {
            return watched.awaitRenewer(Duration.ofSeconds(10));
        }
        finally {
            held.release(storage, null);
        }
    }

    @Test
    void theTimersRunOnTheBuiltPoolsAndOnVirtualThreadsWhereUpdatesDo() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            FsmTimers timers = context.getBean(FsmTimers.class);
            boolean virtual = Runtime.version().feature() >= 24;
            Thread renewer = renewingThread(context);
            assertThat(renewer.getName()).startsWith("tgfsm-lease-renewal-");
            assertThat(isVirtual(renewer)).as(renewer.toString()).isEqualTo(virtual);
            for (ScheduledExecutorService executor : timers.executors().values()) {
                Thread thread = threadOf(executor);
                assertThat(isVirtual(thread)).as(thread.toString()).isEqualTo(virtual);
            }
            assertThat(threadOf(timers.albums()).getName()).startsWith("tgfsm-albums-");
            assertThat(threadOf(timers.background()).getName()).startsWith("tgfsm-background-");
        });
    }

    @Test
    void withoutThePropertyTheTimersRunOnPlatformThreadsOfTheBuiltPools() {
        runner.run(context -> {
            Thread renewer = renewingThread(context);
            assertThat(renewer.getName()).startsWith("tgfsm-lease-renewal-");
            assertThat(isVirtual(renewer)).isFalse();
        });
    }

    @Test
    void theAlbumTimersOutboxFlushAndTimeoutPollRunOnTheBuiltPools() {
        runner.run(context -> {
            FsmTimers timers = context.getBean(FsmTimers.class);
            assertThat(context).hasSingleBean(AlbumCollector.class).hasSingleBean(TimeoutScheduler.class);
            // the scheduled jobs are on the background pool, not on threads of their own
            var background = (ScheduledThreadPoolExecutor) timers.background();
            TimeoutScheduler timeouts = context.getBean(TimeoutScheduler.class);
            OutboxFlusher flusher = context.getBeanProvider(OutboxFlusher.class).getIfAvailable();
            InMemoryFsmStorage storage = context.getBean(InMemoryFsmStorage.class);
            assertThat(background.getQueue()).as("the storage's sweep and the timeout poll run there")
                    .hasSizeGreaterThanOrEqualTo(2);
            storage.stop();
            timeouts.stop();
            if (flusher != null) {
                flusher.stop();
            }
            assertThat(background.getQueue()).isEmpty();
            timeouts.start();
            assertThat(background.getQueue()).hasSize(1);
            if (flusher != null) {
                flusher.start();
                assertThat(background.getQueue()).hasSize(2);
                flusher.stop();
            }
            timeouts.stop();
            assertThat(background.getQueue()).isEmpty();
        });
    }

    @Test
    void eachPoolIsMeasured() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Map<String, Double> sizes = Map.of(FsmTimers.LEASE_RENEWALS, 1.0, FsmTimers.ALBUMS, 1.0,
                    FsmTimers.BACKGROUND, 2.0);
            sizes.forEach((name, size) -> assertThat(
                    registry.get("executor.pool.core").tag("name", name).gauge().value()).as(name)
                    .isEqualTo(size));
            renewingThread(context);
            assertThat(registry.get("executor.pool.size").tag("name", FsmTimers.LEASE_RENEWALS).gauge().value())
                    .isEqualTo(1.0);
        });
    }

    @Test
    void closingTheContextStopsThePools() {
        AtomicReference<Map<String, ScheduledExecutorService>> executors = new AtomicReference<>();
        runner.run(context -> {
            executors.set(context.getBean(FsmTimers.class).executors());
            renewingThread(context);
        });
        assertThat(executors.get()).hasSize(3)
                .allSatisfy((name, executor) -> assertThat(executor.isShutdown()).as(name).isTrue());
    }

    @Test
    void anOwnFsmTimersBeanReplacesTheDefault() {
        FsmTimers own = new FsmTimers(new org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder(), false);
        runner.withBean("ownTimers", FsmTimers.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(FsmTimers.class);
            assertThat(context.getBean(FsmTimers.class)).isSameAs(own);
        });
    }
}
