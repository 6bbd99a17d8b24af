package dev.tgfsm.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.UpdateHandler;

/**
 * The auto-configured {@link Conversations} on the in-memory store: jobs and
 * updates on the same users at the same time, exact counts, no conflicts.
 */
class OutsideWorkConcurrencyTests {

    private final OutsideWorkConcurrency scenario = new OutsideWorkConcurrency();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmConversationHandlesAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory");

    @Test
    void jobsAndUpdatesOnTheSameUsersAreCountedExactlyWithoutConflicts() {
        runner.withBean(UpdateHandler.class, () -> scenario.handler)
                .withBean(DispatchListener.class, () -> scenario.listener)
                .run(context -> scenario.runAndVerify(context, context));
    }
}
