package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.tgfsm.actuator.FsmMetrics;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.BotTimeoutSchedulers;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.timeout.ExpiryHandler;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * The timeout schedulers of further bots ({@code tgfsm.bots[*]}): metered like the default bot's
 * ({@code tgfsm.timeouts{outcome, bot}} on a real registry), and made by a replaceable
 * {@link BotTimeoutSchedulers} bean.
 */
class FleetTimeoutSchedulersIT {

    private static final MutableClock CLOCK = MutableClock.now();

    private static final String WARNING = "Your session will expire in 4 minutes due to inactivity. Send any message to keep it active.";

    private static final List<TimeoutScheduler> MADE = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    @AfterEach
    void resetClock() {
        CLOCK.set(Instant.now());
        MADE.clear();
    }

    @Test
    void eachFurtherBotsTimeoutsAreCountedUnderItsName() {
        try (ConfigurableApplicationContext context = start(MeteredApplication.class)) {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            bots.main.enqueueMessage(6, "hello");
            bots.support.enqueueMessage(6, "hello");
            bots.main.awaitText(6, "default (910001): hello #1", TwoBots.WAIT);
            bots.support.awaitText(6, "support (920002): hello #1", TwoBots.WAIT);
            CLOCK.advance(Duration.ofMinutes(26));

            assertThat(context.getBean(BotFleet.class).members().get(0).timeouts().runDue()).isEqualTo(1);
            bots.support.awaitText(6, WARNING, TwoBots.WAIT);

            assertThat(warned(registry, "support")).isEqualTo(1);
            assertThat(warned(registry, "default")).isZero();
            assertThat(context.getBean(TimeoutScheduler.class).runDue()).isEqualTo(1);
            assertThat(warned(registry, "default")).isEqualTo(1);
            assertThat(warned(registry, "support")).isEqualTo(1);
            assertThat(registry.get(FsmMetrics.TIMEOUTS).functionCounters()).as("warned and expired per bot")
                    .hasSize(4);
        }
    }

    @Test
    void anApplicationsBotTimeoutSchedulersBeanMakesTheFurtherBotsSchedulers() {
        try (ConfigurableApplicationContext context = start(CustomSchedulersApplication.class)) {
            TimeoutScheduler support = context.getBean(BotFleet.class).members().get(0).timeouts();

            assertThat(MADE).containsExactly(support);
            bots.support.enqueueMessage(7, "hello");
            bots.support.awaitText(7, "support (920002): hello #1", TwoBots.WAIT);
            CLOCK.advance(Duration.ofMinutes(31));
            assertThat(support.runDue()).isEqualTo(1);
            bots.support.awaitText(7, "custom expiry", TwoBots.WAIT);
        }
    }

    private static double warned(MeterRegistry registry, String bot) {
        return registry.get(FsmMetrics.TIMEOUTS).tag("outcome", "warned").tag("bot", bot).functionCounter().count();
    }

    private ConfigurableApplicationContext start(Class<?> application) {
        return bots.application(application, WebApplicationType.NONE, bots.supportBot())
                .properties("tgfsm.timeout.idle=30m", "tgfsm.timeout.warning-before=5m",
                        "tgfsm.timeout.poll-interval=1h")
                .run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SeveralBotsIT.EchoController.class)
    static class MeteredApplication {

        @Bean(FsmAutoConfiguration.CLOCK_BEAN_NAME)
        Clock fsmClock() {
            return CLOCK;
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SeveralBotsIT.EchoController.class)
    static class CustomSchedulersApplication {

        @Bean(FsmAutoConfiguration.CLOCK_BEAN_NAME)
        Clock fsmClock() {
            return CLOCK;
        }

        @Bean
        BotTimeoutSchedulers customSchedulers(FsmContexts contexts, TimeoutConfig config) {
            return (botId) -> {
                TimeoutScheduler scheduler = new TimeoutScheduler(botId, contexts, config, CLOCK,
                        ExpiryHandler.clearing("custom expiry"));
                MADE.add(scheduler);
                return scheduler;
            };
        }
    }
}
