package dev.tgfsm.autoconfigure.actuator;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.actuator.FsmDiagramsEndpoint;
import dev.tgfsm.actuator.FsmHealthIndicator;
import dev.tgfsm.actuator.FsmIntakeHealthIndicator;
import dev.tgfsm.actuator.FsmMetrics;
import dev.tgfsm.actuator.MeteredFsmStorage;
import dev.tgfsm.actuator.UpdateObservations;
import dev.tgfsm.annotation.AnnotationRoutingHandler;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmBotsAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmStorageDecorator;
import dev.tgfsm.autoconfigure.FsmTimers;
import dev.tgfsm.autoconfigure.UpdateDispatcherCustomizer;
import dev.tgfsm.autoconfigure.telegram.FsmTelegramAutoConfiguration;
import dev.tgfsm.autoconfigure.telegram.FsmWebhookAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.routing.Router;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.telegram.BotIntake;
import dev.tgfsm.timeout.TimeoutScheduler;
import dev.tgfsm.transition.TransitionTable;

/**
 * Auto-configuration of tgfsm's operations support: the {@code fsm} health indicator of the storage
 * and the {@code fsmIntake} one of the bots' Bot API intake (with {@code spring-boot-health}) and Micrometer metrics for storage calls, lock waits, conflicts,
 * transitions and update outcomes (with a {@link MeterRegistry} bean), and one observation per update
 * (with an {@link ObservationRegistry} bean, see {@link UpdateObservations}).
 */
// Micrometer's by name: spring-boot-micrometer-metrics and -observation are optional
@AutoConfiguration(after = {FsmAutoConfiguration.class, FsmBotsAutoConfiguration.class,
        FsmTelegramAutoConfiguration.class, FsmWebhookAutoConfiguration.class}, afterName = {
                "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnBean(FsmStorage.class)
public final class FsmActuatorAutoConfiguration {

    /**
     * The health indicator.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(AbstractHealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("fsm")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "fsmHealthIndicator")
        FsmHealthIndicator fsmHealthIndicator(FsmStorage storage) {
            return new FsmHealthIndicator(storage);
        }

        @Bean
        @ConditionalOnMissingBean(name = "fsmIntakeHealthIndicator")
        @Conditional(OnIntake.class)
        FsmIntakeHealthIndicator fsmIntakeHealthIndicator(ObjectProvider<BotIntake> intakes,
                ObjectProvider<BotFleet> fleet) {
            List<BotIntake> all = new ArrayList<>(intakes.orderedStream().toList());
            fleet.ifAvailable((bots) -> all.addAll(bots.intakes()));
            return new FsmIntakeHealthIndicator(all);
        }
    }

    /**
     * Matches when the application has a bot intake: its own bot's, or further bots'.
     */
    static final class OnIntake extends AnyNestedCondition {

        OnIntake() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(BotIntake.class)
        static final class DefaultBot {
        }

        @ConditionalOnBean(BotFleet.class)
        static final class FurtherBots {
        }
    }

    /**
     * The Mermaid diagrams of flows, scenes, the transition table and the routes.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnBean(FlowEngine.class)
    static class DiagramsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FsmDiagramsEndpoint fsmDiagramsEndpoint(FlowEngine flows, SceneNavigator scenes,
                ObjectProvider<TransitionTable> transitions,
                ObjectProvider<UpdateHandler> handler) {
            FsmDiagramsEndpoint endpoint = new FsmDiagramsEndpoint(flows, scenes);
            endpoint.setTransitions(transitions.getIfAvailable());
            endpoint.setRouter(() -> {
                UpdateHandler routing = handler.getIfUnique();
                if (routing instanceof AnnotationRoutingHandler annotated) {
                    return annotated.router();
                }
                return routing instanceof Router router ? router : null;
            });
            return endpoint;
        }
    }

    /**
     * The metrics.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {

        /** The name of the dispatcher's worker pool in the {@code executor.*} meters. */
        static final String DISPATCHER_POOL = "tgfsm.dispatcher";

        @Bean
        @ConditionalOnMissingBean
        FsmMetrics fsmMetrics(MeterRegistry registry, ObjectProvider<TimeoutScheduler> timeouts,
                ObjectProvider<GarbageStateRegistry> garbage) {
            return new FsmMetrics(registry, timeouts::getIfUnique, () -> {
                GarbageStateRegistry registryOfGarbage = garbage.getIfUnique();
                return registryOfGarbage == null ? 0 : registryOfGarbage.cleanedUp();
            });
        }

        /**
         * The {@code tgfsm.timeouts} counters of further bots' timeout schedulers, tagged with each
         * bot's name; bound once every singleton exists (the fleet's dispatchers report to
         * {@link FsmMetrics}, so the fleet is not asked for while the metrics are made).
         */
        @Bean
        @ConditionalOnMissingBean(name = "fsmFleetTimeoutMeters")
        SmartInitializingSingleton fsmFleetTimeoutMeters(ObjectProvider<FsmMetrics> metrics,
                ObjectProvider<BotFleet> fleet) {
            return () -> fleet.ifAvailable((bots) -> metrics.ifAvailable((meters) -> {
                for (BotFleet.Member member : bots.members()) {
                    if (member.timeouts() != null) {
                        meters.bindTimeouts(member.identity().name(), member.timeouts());
                    }
                }
            }));
        }

        /**
         * The dispatcher's worker pool: {@code executor.*} meters named {@value #DISPATCHER_POOL}, by bot;
         * and its queue depth, the gauge {@value FsmMetrics#PENDING}: updates accepted and not finished,
         * also those waiting behind an update of their conversation, which the pool's queue does not hold.
         */
        @Bean
        @ConditionalOnMissingBean(name = "fsmDispatcherPoolMetrics")
        UpdateDispatcherCustomizer fsmDispatcherPoolMetrics(MeterRegistry registry) {
            return (dispatcher) -> {
                Tags bot = Tags.of("bot", Long.toString(dispatcher.botId()));
                new ExecutorServiceMetrics(dispatcher.workers(), DISPATCHER_POOL, bot).bindTo(registry);
                Gauge.builder(FsmMetrics.PENDING, dispatcher, UpdateDispatcher::inFlight).tags(bot)
                        .description("Updates accepted and not finished: running, or waiting for their"
                                + " conversation's turn or a worker")
                        .register(registry);
            };
        }

        /**
         * The pools of tgfsm's timers ({@link FsmTimers}): {@code executor.*} meters named
         * {@value FsmTimers#LEASE_RENEWALS}, {@value FsmTimers#ALBUMS} and {@value FsmTimers#BACKGROUND}.
         */
        @Bean
        @ConditionalOnMissingBean(name = "fsmTimerMetrics")
        SmartInitializingSingleton fsmTimerMetrics(ObjectProvider<FsmTimers> timers, MeterRegistry registry) {
            return () -> timers.ifAvailable((pools) -> pools.executors()
                    .forEach((name, executor) -> new ExecutorServiceMetrics(executor, name, Tags.empty())
                            .bindTo(registry)));
        }

        @Bean
        @ConditionalOnMissingBean(name = "fsmMeteredStorageDecorator")
        FsmStorageDecorator fsmMeteredStorageDecorator(MeterRegistry registry) {
            return (storage) -> new MeteredFsmStorage(storage, registry);
        }
    }

    /**
     * One observation per update.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        UpdateObservations fsmUpdateObservations(ObservationRegistry registry) {
            return new UpdateObservations(registry);
        }
    }
}
