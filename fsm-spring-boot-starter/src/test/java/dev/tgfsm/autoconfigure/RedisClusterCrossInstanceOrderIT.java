package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.redis.RedisCluster;
import dev.tgfsm.storage.FsmStorage;

/**
 * Per-conversation order across two application instances on a real three-master Redis Cluster
 * ({@link CrossInstanceOrder}), and a dead instance's announcement that lapses with its lease.
 */
class RedisClusterCrossInstanceOrderIT {

    private static RedisCluster cluster;

    private final CrossInstanceOrder scenario = new CrossInstanceOrder();

    private final String prefix = "it-order-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, FsmAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.addresses()),
                        "tgfsm.redis.prefix=" + prefix, "tgfsm.isolation.distributed=true",
                        "tgfsm.isolation.lock-lease=2s", "tgfsm.dispatcher.threads=8")
                .withBean(UpdateHandler.class, () -> scenario.handler)
                .withBean("announcements", BeanPostProcessor.class, () -> scenario.announcements);
    }

    @Test
    void updatesOfOneUserOnTwoInstancesAreHandledInUpdateIdOrderOnceEach() {
        ApplicationContextRunner runner = runner();
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
        ApplicationContextRunner runner = runner();
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
