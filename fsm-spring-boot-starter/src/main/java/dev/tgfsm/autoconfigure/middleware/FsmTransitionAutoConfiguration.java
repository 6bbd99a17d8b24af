package dev.tgfsm.autoconfigure.middleware;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.transition.TransitionGuard;
import dev.tgfsm.transition.TransitionTable;

/**
 * Enforces the application's {@link TransitionTable} bean on every update: a
 * {@link TransitionGuard} with the policy of {@code tgfsm.transitions.policy}. The guard is a
 * {@link StateChangeListener} bean, which the dispatcher attaches to every
 * update's unit of work, so every state change a handler, flow or scene makes is checked.
 */
@AutoConfiguration(before = FsmAutoConfiguration.class)
@ConditionalOnBean(TransitionTable.class)
@EnableConfigurationProperties(TransitionProperties.class)
public final class FsmTransitionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TransitionGuard fsmTransitionGuard(TransitionTable table, TransitionProperties properties) {
        return new TransitionGuard(table, properties.getPolicy());
    }
}
