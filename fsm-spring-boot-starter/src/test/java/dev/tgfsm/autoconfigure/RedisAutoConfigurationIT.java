package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;

/**
 * The starter against a real Redis: Spring Boot's connection factory makes tgfsm choose Redis with
 * distributed locks, and the concurrency scenario holds. Every test uses its own key prefix and clears
 * only that namespace.
 */
@RequiresServers(TestServer.REDIS)
class RedisAutoConfigurationIT {

    private final DispatcherConcurrency scenario = new DispatcherConcurrency();

    private final String prefix = "it-starter-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.host=" + TestServer.REDIS.host(),
                    "spring.data.redis.port=" + TestServer.REDIS.port(), "tgfsm.redis.prefix=" + prefix);

    @Test
    void redisConnectionFactoryFromBootIsDetectedAndWorks() {
        this.runner.run((context) -> {
            FsmStorage storage = context.getBean(FsmStorage.class);
            try {
                assertThat(storage).isInstanceOf(RedisFsmStorage.class);
                assertThat(storage.health().up()).isTrue();
                assertThat(context.getBean(ContextConfig.class).lockLease()).isNotNull();
                FsmContexts contexts = context.getBean(FsmContexts.class);
                contexts.writeThrough(StorageKey.of(1, 2, 3)).setState("Form:NAME");
                assertThat(contexts.writeThrough(StorageKey.of(1, 2, 3)).getState()).isEqualTo("Form:NAME");
            }
            finally {
                storage.clearNamespace();
            }
        });
    }

    @Test
    void hundredUsersTimesTwentyUpdatesKeepOrderOnRedis() {
        this.runner.withBean(UpdateHandler.class, () -> scenario.handler).run((context) -> {
            try {
                scenario.runAndVerify(context);
            }
            finally {
                context.getBean(FsmStorage.class).clearNamespace();
            }
        });
    }
}
