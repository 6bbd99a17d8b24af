package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Per-conversation order across two application instances on one real PostgreSQL
 * ({@link CrossInstanceOrder}), and a dead instance's announcement that lapses with its lease. Its
 * own table prefix, dropped afterwards.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresCrossInstanceOrderIT {

    private final CrossInstanceOrder scenario = new CrossInstanceOrder();

    private final String tablePrefix = "it_order_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestServer.POSTGRES.url(),
                    "tgfsm.jdbc.table-prefix=" + tablePrefix, "tgfsm.jdbc.initialize-schema=always",
                    "tgfsm.isolation.distributed=true", "tgfsm.isolation.lock-lease=2s", "tgfsm.dispatcher.threads=8")
            .withBean(UpdateHandler.class, () -> scenario.handler)
            .withBean("announcements", BeanPostProcessor.class, () -> scenario.announcements);

    @Test
    void updatesOfOneUserOnTwoInstancesAreHandledInUpdateIdOrderOnceEach() {
        runner.run(a -> runner.run(b -> {
            try {
                scenario.runAndVerify(a, b);
            }
            finally {
                b.getBean(JdbcSchemaInitializer.class).drop();
            }
        }));
    }

    @Test
    void announcementOfAKilledInstanceLapsesWithItsLease() {
        runner.run(dead -> runner.run(a -> runner.run(b -> {
            try {
                scenario.deadAnnouncerHoldsNobodyUp(dead, a, b, Duration.ofSeconds(2));
            }
            finally {
                b.getBean(JdbcSchemaInitializer.class).drop();
            }
        })));
    }
}
