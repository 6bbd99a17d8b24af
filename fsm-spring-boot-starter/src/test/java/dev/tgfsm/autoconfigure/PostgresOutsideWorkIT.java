package dev.tgfsm.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Two application instances on one real PostgreSQL: the jobs run through instance A's
 * {@link Conversations}, the updates through instance B's dispatcher; the
 * lease lock in the database keeps them apart, so the counts are exact and no update meets a
 * conflict. Its own table prefix, dropped afterwards.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresOutsideWorkIT {

    private final OutsideWorkConcurrency scenario = new OutsideWorkConcurrency();

    private final String tablePrefix = "it_outside_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FsmAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmConversationHandlesAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestServer.POSTGRES.url(),
                    "tgfsm.jdbc.table-prefix=" + tablePrefix, "tgfsm.jdbc.initialize-schema=always")
            .withBean(UpdateHandler.class, () -> scenario.handler)
            .withBean(DispatchListener.class, () -> scenario.listener);

    @Test
    void jobsOnOneInstanceAndUpdatesOnAnotherAreCountedExactlyWithoutConflicts() {
        runner.run(instanceA -> runner.run(instanceB -> {
            try {
                scenario.runAndVerify(instanceA, instanceB);
            }
            finally {
                instanceB.getBean(JdbcSchemaInitializer.class).drop();
            }
        }));
    }
}
