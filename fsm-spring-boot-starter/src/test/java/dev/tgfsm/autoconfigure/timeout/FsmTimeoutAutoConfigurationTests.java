package dev.tgfsm.autoconfigure.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.timeout.IdleTimeoutTracker;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutPolicy;
import dev.tgfsm.timeout.TimeoutScheduler;

class FsmTimeoutAutoConfigurationTests {

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmMiddlewareAutoConfiguration.class, FsmTimeoutAutoConfiguration.class))
            .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
            .withBean(TelegramClient.class, telegram::client)
            .withBean(UpdateHandler.class,
                    () -> u -> u.context().setState("form:" + u.update().getMessage().getText()));

    @Test
    void idleConversationExpiresThroughTheWholeStack() {
        runner.withPropertyValues("tgfsm.timeout.idle=30m", "tgfsm.timeout.warning-before=5m",
                "tgfsm.timeout.expired-text=Gone.").run(context -> {
                    assertThat(context).hasSingleBean(TimeoutScheduler.class).doesNotHaveBean(RestartNotifier.class);
                    assertThat(context.getBean(TimeoutLifecycle.class).isRunning()).isTrue();
                    context.getBean(UpdateDispatcher.class).submit(new Updates(clock).text(8, "name"))
                            .get(10, TimeUnit.SECONDS);
                    clock.advance(Duration.ofMinutes(26));
                    assertThat(context.getBean(TimeoutScheduler.class).runDue()).isEqualTo(1);
                    clock.advance(Duration.ofMinutes(4));
                    assertThat(context.getBean(TimeoutScheduler.class).runDue()).isEqualTo(1);
                    assertThat(telegram.texts()).containsExactly(
                            "Your session will expire in 4 minutes due to inactivity. Send any message to keep it active.",
                            "Gone.");
                    assertThat(context.getBean(FsmStorage.class).getState(StorageKey.of(0, 8, 8))).isNull();
                });
    }

    @Test
    void theExpiryNoticeRunsInThePipelineUnlessSwitchedOffAndTellsTheNextMessage() {
        runner.withPropertyValues("tgfsm.ttl=1h", "tgfsm.timeout.expired-text=Gone.").run(context -> {
            assertThat(context.getBean(dev.tgfsm.pipeline.UpdatePipeline.class).unitOfWorkSteps())
                    .contains(context.getBean(dev.tgfsm.timeout.ExpiryNotice.class));
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            dispatcher.submit(new Updates(clock).text(9, "name")).get(10, TimeUnit.SECONDS);
            clock.advance(Duration.ofMinutes(61));
            dispatcher.submit(new Updates(clock).text(9, "again")).get(10, TimeUnit.SECONDS);
            assertThat(telegram.texts()).containsExactly("Gone.");
            assertThat(context.getBean(FsmStorage.class).getState(StorageKey.of(0, 9, 9))).isEqualTo("form:again");
        });
        runner.withPropertyValues("tgfsm.timeout.notify-on-next-message=false")
                .run(context -> assertThat(context).doesNotHaveBean(dev.tgfsm.timeout.ExpiryNotice.class));
    }

    @Test
    void flowWithItsOwnIdleTimeCountsWithoutAGlobalOne() {
        runner.withBean(Flow.class, () -> Flow.builder("booking").choose("pick", "Pick", Button.to("Done", "done"))
                .end("done", "Bye").idleTimeout(Duration.ofMinutes(3)).build()).run(context -> {
                    TimeoutPolicy policy = context.getBean(TimeoutPolicy.class);
                    assertThat(policy.coversAnything()).isTrue();
                    assertThat(policy.idleFor("booking:pick")).isEqualTo(Duration.ofMinutes(3));
                    assertThat(policy.idleFor("form:x")).isNull();
                });
    }

    @Test
    void nothingPollsWhenNoStateCanTimeOut() {
        runner.run(context -> {
            assertThat(context.getBean(TimeoutPolicy.class).coversAnything()).isFalse();
            assertThat(context.getBean(TimeoutScheduler.class).isRunning()).isFalse();
            assertThat(context.getBean(TimeoutConfig.class).idle()).isNull();
        });
        runner.withPropertyValues("tgfsm.timeout.enabled=false", "tgfsm.timeout.idle=1m")
                .run(context -> assertThat(context).doesNotHaveBean(TimeoutScheduler.class)
                        .doesNotHaveBean(IdleTimeoutTracker.class));
    }

    @Test
    void restartNoticeGoesToRecentlyActiveConversationsAtStart() {
        FsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));
        storage.setState(StorageKey.of(0, 5, 5), "form:name");
        storage.setState(StorageKey.of(0, 6, 6), null);
        runner.withBean(FsmStorage.class, () -> storage)
                .withPropertyValues("tgfsm.restart-notice.enabled=true", "tgfsm.restart-notice.window=10m")
                .run(context -> {
                    assertThat(context.getBean(TimeoutLifecycle.class).restartNotice().get(10, TimeUnit.SECONDS))
                            .isEqualTo(1);
                    assertThat(telegram.calls("sendMessage")).singleElement()
                            .satisfies(c -> assertThat(c.param("chat_id")).isEqualTo("5"));
                });
    }
}
