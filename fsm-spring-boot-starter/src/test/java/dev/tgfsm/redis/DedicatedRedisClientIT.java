package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * tgfsm's Redis client against a private server, with Spring Boot's own Redis auto-configuration: by
 * default tgfsm builds a dedicated, fail-fast client to the same server and never retunes the
 * application's; {@code tgfsm.redis.client=shared} uses the application's factory as it is.
 */
class DedicatedRedisClientIT {

    private RedisProcess redis;

    private ApplicationContextRunner runner;

    @BeforeEach
    void startServer() {
        redis = RedisProcess.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, FsmAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                        "spring.data.redis.client-name=my-app", "tgfsm.redis.prefix=dedicated:");
    }

    @AfterEach
    void stopServer() {
        redis.close();
    }

    @Test
    void byDefaultTgfsmHasItsOwnFailFastClientAndTheApplicationsIsUntouched() {
        runner.run((context) -> {
            LettuceConnectionFactory application = context.getBean(LettuceConnectionFactory.class);
            FsmRedisConnection connection = context.getBean(FsmRedisConnection.class);
            assertThat(connection.isDedicated()).isTrue();
            assertThat(connection.factory()).isNotSameAs(application);
            assertThat(context.getBeansOfType(RedisConnectionFactory.class))
                    .as("tgfsm's factory is no bean: the application's stays the single candidate").hasSize(1);

            ClientOptions appOptions = application.getClientConfiguration().getClientOptions().orElseThrow();
            assertThat(appOptions.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.DEFAULT);
            assertThat(appOptions).isNotInstanceOf(ClusterClientOptions.class);
            LettuceConnectionFactory own = (LettuceConnectionFactory) connection.factory();
            assertThat(own.getClientConfiguration().getClientOptions().orElseThrow().getDisconnectedBehavior())
                    .isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            assertThat(own.getClientConfiguration().getClientName()).as("the application's client name is kept")
                    .contains("my-app");
            assertThat(own.getPort()).isEqualTo(redis.port());

            FsmContexts contexts = context.getBean(FsmContexts.class);
            contexts.writeThrough(StorageKey.of(1, 2, 3)).setState("Form:NAME");
            assertThat(redis.cli("CLIENT", "LIST")).as("both clients connected, under the app's name")
                    .contains("name=my-app");
            context.getBean(StringRedisTemplate.class).opsForValue().set("app-key", "1");

            // Redis dies: tgfsm's calls are refused at once (not queued), and recover when it is back
            redis.kill();
            FsmStorage storage = context.getBean(FsmStorage.class);
            RedisFaultsIT.awaitTrue(() -> {
                try {
                    storage.load(StorageKey.of(1, 2, 3));
                    return false;
                }
                catch (StorageUnavailableException ex) {
                    return true;
                }
            }, Duration.ofSeconds(15));
            assertThatThrownBy(() -> storage.load(StorageKey.of(1, 2, 3)))
                    .isInstanceOf(StorageUnavailableException.class)
                    .rootCause().hasMessageContaining("not connected");
            redis.launch();
            // the restarted server kept nothing (no persistence): the client reconnected and writes again
            RedisFaultsIT.awaitTrue(() -> {
                try {
                    contexts.writeThrough(StorageKey.of(1, 2, 3)).setState("Form:AGE");
                    return true;
                }
                catch (StorageUnavailableException ex) {
                    return false;
                }
            }, Duration.ofSeconds(15));
            assertThat(storage.load(StorageKey.of(1, 2, 3)).state()).isEqualTo("Form:AGE");
        });
    }

    @Test
    void theDedicatedClientIsReleasedWithTheContext() {
        FsmRedisConnection[] seen = new FsmRedisConnection[1];
        runner.run((context) -> {
            seen[0] = context.getBean(FsmRedisConnection.class);
            context.getBean(FsmContexts.class).writeThrough(StorageKey.of(1, 2, 4)).setState("A");
            assertThat(((LettuceConnectionFactory) seen[0].factory()).isRunning()).isTrue();
        });
        assertThat(((LettuceConnectionFactory) seen[0].factory()).isRunning()).isFalse();
    }

    @Test
    void sharedModeUsesTheApplicationsFactoryAsItIs() {
        runner.withPropertyValues("tgfsm.redis.client=shared").run((context) -> {
            FsmRedisConnection connection = context.getBean(FsmRedisConnection.class);
            assertThat(connection.isDedicated()).isFalse();
            assertThat(connection.factory()).isSameAs(context.getBean(LettuceConnectionFactory.class));
            context.getBean(FsmContexts.class).writeThrough(StorageKey.of(1, 2, 5)).setState("B");
            assertThat(context.getBean(FsmContexts.class).writeThrough(StorageKey.of(1, 2, 5)).getState())
                    .isEqualTo("B");
        });
    }

    @Test
    void aMistypedClientModeIsRefusedAtStartUp() {
        runner.withPropertyValues("tgfsm.redis.client=dedicatd").run((context) -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining("tgfsm.redis.client"));
    }
}
