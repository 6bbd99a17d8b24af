package dev.tgfsm.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;

/**
 * Two application instances on one real Redis: the jobs run through instance A's
 * {@link Conversations}, the updates through instance B's dispatcher; the
 * storage lease keeps them apart, so the counts are exact and no update meets a conflict. Its own key
 * prefix, cleared afterwards.
 */
@RequiresServers(TestServer.REDIS)
class RedisOutsideWorkIT {

    private final OutsideWorkConcurrency scenario = new OutsideWorkConcurrency();

    private final String prefix = "it-outside-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, FsmAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmConversationHandlesAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.host=" + TestServer.REDIS.host(),
                    "spring.data.redis.port=" + TestServer.REDIS.port(), "tgfsm.redis.prefix=" + prefix)
            .withBean(UpdateHandler.class, () -> scenario.handler)
            .withBean(DispatchListener.class, () -> scenario.listener);

    @Test
    void jobsOnOneInstanceAndUpdatesOnAnotherAreCountedExactlyWithoutConflicts() {
        runner.run(instanceA -> runner.run(instanceB -> {
            try {
                scenario.runAndVerify(instanceA, instanceB);
            }
            finally {
                instanceB.getBean(FsmStorage.class).clearNamespace();
            }
        }));
    }
}
