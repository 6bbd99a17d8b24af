package dev.tgfsm.autoconfigure.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.transition.TransitionGuard;
import dev.tgfsm.transition.TransitionPolicy;
import dev.tgfsm.transition.TransitionTable;

class FsmTransitionAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmTransitionAutoConfiguration.class));

    @Test
    void noGuardWithoutATable() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TransitionGuard.class));
    }

    @Test
    void aTableBeanIsGuardedAsAStateChangeListenerWithThePolicyFromTheProperty() {
        runner.withBean(TransitionTable.class, () -> TransitionTable.builder().allow("a", "b").build())
                .withPropertyValues("tgfsm.transitions.policy=log").run(context -> {
                    assertThat(context).hasSingleBean(StateChangeListener.class);
                    assertThat(context.getBean(TransitionGuard.class).policy()).isEqualTo(TransitionPolicy.LOG);
                });
        runner.withBean(TransitionTable.class, () -> TransitionTable.builder().allow("a", "b").build())
                .run(context -> assertThat(context.getBean(TransitionGuard.class).policy())
                        .isEqualTo(TransitionPolicy.REJECT));
    }
}
