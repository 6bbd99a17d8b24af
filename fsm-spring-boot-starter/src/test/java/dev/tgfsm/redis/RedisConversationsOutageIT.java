package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationHandlesAutoConfiguration;
import dev.tgfsm.conversation.Conversation;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * {@link Conversations} while a private redis-server (never the shared one) is down: an operation
 * fails with the storage's {@link StorageUnavailableException} and applies nothing; once the server
 * is back, the conversation is as it was and operations go through again.
 */
class RedisConversationsOutageIT {

    private RedisProcess redis;

    @BeforeEach
    void start() {
        redis = RedisProcess.startDurable();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void anOperationWhileTheStorageIsDownFailsClearlyAndAppliesNothing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, FsmAutoConfiguration.class,
                        FsmConversationAutoConfiguration.class, FsmConversationHandlesAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                        "spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=1s",
                        "tgfsm.redis.prefix=outside-outage:", "tgfsm.isolation.lock-wait=1s")
                .run(context -> {
                    Conversation user = context.getBean(Conversations.class).of(5, 5);
                    user.setState("Paid").get(30, TimeUnit.SECONDS);

                    redis.kill();
                    assertThatThrownBy(() -> user.setState("Refunded").get(30, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class).cause()
                            .isInstanceOf(StorageUnavailableException.class);

                    redis.launch();
                    assertThat(stateOnceReachable(user)).isEqualTo("Paid");
                    user.setState("Shipped").get(30, TimeUnit.SECONDS);
                    assertThat(user.state().get(30, TimeUnit.SECONDS)).isEqualTo("Shipped");
                });
    }

    /** Reads the state, trying again (up to 50 times) while the client reconnects. */
    private static String stateOnceReachable(Conversation user) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return user.state().get(30, TimeUnit.SECONDS);
            }
            catch (ExecutionException ex) {
                // the client rejects commands at once until it has reconnected: poll until it has
                if (!(ex.getCause() instanceof StorageUnavailableException) || System.nanoTime() > deadline) {
                    throw ex;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }
}
