package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;

/**
 * Per-conversation order across two application instances on one real Redis
 * ({@link CrossInstanceOrder}), and a dead instance's announcement that lapses with its lease.
 */
@RequiresServers(TestServer.REDIS)
class RedisCrossInstanceOrderIT {

    private final CrossInstanceOrder scenario = new CrossInstanceOrder();

    private final String prefix = "it-order-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.host=" + TestServer.REDIS.host(),
                    "spring.data.redis.port=" + TestServer.REDIS.port(), "tgfsm.redis.prefix=" + prefix,
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
                b.getBean(FsmStorage.class).clearNamespace();
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
                b.getBean(FsmStorage.class).clearNamespace();
            }
        })));
    }
}
