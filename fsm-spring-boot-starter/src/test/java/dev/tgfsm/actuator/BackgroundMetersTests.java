package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.actuator.FsmActuatorAutoConfiguration;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * The meters beyond the dispatcher's, on a real {@link SimpleMeterRegistry} with the whole stack
 * (memory storage, rate limit, garbage registry, timeout scheduler): a state change counts once its
 * update committed, throttled updates, fired timeouts and collected garbage are counted.
 */
class BackgroundMetersTests {

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    private final AtomicReference<GarbageStateRegistry> garbage = new AtomicReference<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmMiddlewareAutoConfiguration.class, FsmTimeoutAutoConfiguration.class,
                    FsmActuatorAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.rate-limit.enabled=true",
                    "tgfsm.rate-limit.limit-for-period=3", "tgfsm.rate-limit.period=1h", "tgfsm.timeout.idle=30m",
                    "tgfsm.timeout.warning-before=5m",
                    // the test fires the timeouts itself; the scheduler's own poll would race it
                    "tgfsm.timeout.poll-interval=1h")
            .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
            .withBean(TelegramClient.class, telegram::client)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(UpdateHandler.class, () -> update -> {
                String text = update.update().getMessage().getText();
                update.context().setState("form:" + text);
                if (text.equals("boom")) {
                    throw new IllegalStateException("boom");
                }
                garbage.get().track(update.context(), update.update().getMessage().getMessageId());
            });

    @Test
    void transitionsCountAfterTheCommitAndThrottlesTimeoutsAndGarbageAreCounted() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            garbage.set(context.getBean(GarbageStateRegistry.class));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);

            dispatcher.submit(updates.text(8, "a")).get(10, TimeUnit.SECONDS);
            assertThat(dispatcher.submit(updates.text(8, "boom"))).failsWithin(Duration.ofSeconds(10));
            // the failed update collected message a's garbage too, but committed nothing
            assertThat(registry.get(FsmMetrics.GARBAGE_COLLECTED).functionCounter().count()).isZero();
            dispatcher.submit(updates.text(8, "b")).get(10, TimeUnit.SECONDS);
            dispatcher.submit(updates.text(8, "c")).get(10, TimeUnit.SECONDS);

            assertThat(registry.get(FsmMetrics.TRANSITIONS).tag("to", "form:a").counter().count()).isEqualTo(1);
            assertThat(registry.get(FsmMetrics.TRANSITIONS).tag("to", "form:b").counter().count()).isEqualTo(1);
            assertThat(registry.get(FsmMetrics.TRANSITIONS).tag("to", "form:boom").counter().count()).isZero();
            assertThat(registry.find(FsmMetrics.TRANSITIONS).tag("to", "form:c").counter()).isNull();
            assertThat(registry.get(FsmMetrics.THROTTLED).counters()).extracting(Counter::count).containsExactly(1.0);
            assertThat(registry.get(FsmMetrics.GARBAGE_COLLECTED).functionCounter().count()).isEqualTo(1);

            TimeoutScheduler timeouts = context.getBean(TimeoutScheduler.class);
            clock.advance(Duration.ofMinutes(26));
            assertThat(timeouts.runDue()).isEqualTo(1);
            assertThat(registry.get(FsmMetrics.TIMEOUTS).tag("outcome", "warned").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get(FsmMetrics.TIMEOUTS).tag("outcome", "expired").functionCounter().count()).isZero();
            clock.advance(Duration.ofMinutes(4));
            assertThat(timeouts.runDue()).isEqualTo(1);
            assertThat(registry.get(FsmMetrics.TIMEOUTS).tag("outcome", "expired").functionCounter().count())
                    .isEqualTo(1);
        });
    }
}
