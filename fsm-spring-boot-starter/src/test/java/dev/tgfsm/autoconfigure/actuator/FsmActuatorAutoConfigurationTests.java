package dev.tgfsm.autoconfigure.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.actuator.FsmHealthIndicator;
import dev.tgfsm.actuator.FsmMetrics;
import dev.tgfsm.actuator.MeteredFsmStorage;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.telegram.TestUpdates;

/**
 * Tests for {@link FsmActuatorAutoConfiguration}.
 */
class FsmActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("tgfsm.storage.type=memory")
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmActuatorAutoConfiguration.class));

    @Test
    void healthIndicatorNamedFsmReportsUpWithBackendAndLatency() {
        this.runner.run((context) -> {
            assertThat(context).hasBean("fsmHealthIndicator");
            Health health = context.getBean(FsmHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("backend", "memory").containsKey("latency");
        });
    }

    @Test
    void healthIndicatorReportsDownWithTheError() {
        FsmStorage storage = mock(FsmStorage.class);
        when(storage.health()).thenReturn(StorageHealth.down("redis", Duration.ofMillis(3),
                new IllegalStateException("connection refused")));
        this.runner.withBean(FsmStorage.class, () -> storage).run((context) -> {
            Health health = context.getBean(FsmHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("backend", "redis").containsEntry("latency", "3ms");
            assertThat(String.valueOf(health.getDetails().get("detail"))).contains("connection refused");
        });
    }

    @Test
    void healthIndicatorCanBeDisabled() {
        this.runner.withPropertyValues("management.health.fsm.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(FsmHealthIndicator.class));
    }

    @Test
    void withoutSpringBootHealthThereIsNoIndicator() {
        this.runner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FsmHealthIndicator.class));
    }

    @Test
    void withoutAMeterRegistryNothingIsMetered() {
        this.runner.run((context) -> {
            assertThat(context).doesNotHaveBean(FsmMetrics.class);
            assertThat(context.getBean(FsmContexts.class).storage()).isInstanceOf(InMemoryFsmStorage.class);
        });
    }

    @Test
    void updatesTransitionsAndStorageCallsAreMetered() {
        UpdateHandler handler = (update) -> {
            if (update.update().getMessage().getText().equals("boom")) {
                update.context().setState("Broken");
                throw new IllegalStateException("boom");
            }
            update.context().setState("Form:NAME");
        };
        this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withBean(UpdateHandler.class, () -> handler)
                .run((context) -> {
                    assertThat(context.getBean(FsmContexts.class).storage()).isInstanceOf(MeteredFsmStorage.class);
                    UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
                    dispatcher.submit(TestUpdates.message(1, 9, "/start")).join();
                    dispatcher.submit(TestUpdates.message(1, 9, "/start")).join();
                    assertThat(dispatcher.submit(TestUpdates.message(2, 9, "boom")))
                            .failsWithin(Duration.ofSeconds(10));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(FsmMetrics.UPDATES).tag("outcome", "handled").counter().count())
                            .isEqualTo(1);
                    assertThat(registry.get(FsmMetrics.UPDATES).tag("outcome", "duplicate").counter().count())
                            .isEqualTo(1);
                    assertThat(registry.get(FsmMetrics.UPDATES).tag("outcome", "failed").counter().count())
                            .isEqualTo(1);
                    assertThat(registry.get(FsmMetrics.TRANSITIONS).tag("to", "Form:NAME").counter().count())
                            .isEqualTo(1);
                    assertThat(registry.get(FsmMetrics.TRANSITIONS).tag("to", "Broken").counter().count())
                            .as("the state change of an update that failed").isZero();
                    assertThat(registry.get(FsmMetrics.UPDATE_DURATION).timer().count()).isEqualTo(1);
                    assertThat(registry.get(MeteredFsmStorage.CALLS).tag("operation", "save").timer().count())
                            .isEqualTo(1);
                });
    }
}
