package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodFailureMode;
import dev.tgfsm.outbound.FloodLimit;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.outbound.StoragePermitStore;
import dev.tgfsm.redis.RedisPermitStore;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The outbound limiter and its permit store from {@code tgfsm.bot.flood.*}: the defaults, the store
 * per backend, and a bad value's message (the README's snippet runs in {@code ReadmeApplicationTests}).
 */
class FloodControlAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FsmAutoConfiguration.class, FsmFloodControlAutoConfiguration.class));

    @Test
    void defaultsFollowTelegramsLimitsInProcessOnTheMemoryBackend() {
        runner.withPropertyValues("tgfsm.storage.type=memory").run(context -> {
            FloodControlConfig config = context.getBean(OutboundLimiter.class).config();
            assertThat(config.enabled()).isTrue();
            assertThat(config.global()).isEqualTo(FloodControlConfig.DEFAULT_GLOBAL);
            assertThat(config.chat()).isEqualTo(new FloodLimit(1, Duration.ofSeconds(1), 3));
            assertThat(config.group()).isEqualTo(new FloodLimit(20, Duration.ofMinutes(1), 3));
            assertThat(config.failureMode()).isEqualTo(FloodFailureMode.LOCAL);
            assertThat(context.getBean(PermitStore.class)).isInstanceOf(InMemoryPermitStore.class);
        });
    }

    @Test
    void otherStoragesShareTheLimitsThroughTheirThrottleAndRedisThroughItsScript() {
        runner.withBean(FsmStorage.class,
                () -> new CountingFsmStorage(new InMemoryFsmStorage(StorageConfig.ofDefaults())))
                .run(context -> assertThat(
                        context.getBean(PermitStore.class)).isInstanceOf(StoragePermitStore.class));
        runner.withPropertyValues("tgfsm.storage.type=redis")
                .withBean(RedisConnectionFactory.class, LettuceConnectionFactory::new).run(context -> assertThat(
                        context.getBean(PermitStore.class)).isInstanceOf(RedisPermitStore.class));
    }

    @Test
    void aPermitStoreOfTheApplicationReplacesTheStoreOfEveryBackend() {
        InMemoryPermitStore own = new InMemoryPermitStore();
        runner.withPropertyValues("tgfsm.storage.type=redis")
                .withBean(RedisConnectionFactory.class, LettuceConnectionFactory::new)
                .withBean(PermitStore.class, () -> own).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBeans(PermitStore.class).hasSize(1);
                    assertThat(context.getBean(PermitStore.class)).isSameAs(own);
                });
        runner.withBean(FsmStorage.class,
                () -> new CountingFsmStorage(new InMemoryFsmStorage(StorageConfig.ofDefaults())))
                .withBean(PermitStore.class, () -> own)
                .run(context -> assertThat(context.getBean(PermitStore.class)).isSameAs(own));
    }

    @Test
    void aBadLimitStopsStartUpSayingWhatToChange() {
        runner.withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.flood.chat.permits=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(FsmConfigurationException.class)
                    .hasMessageContaining("tgfsm.bot.flood is invalid: permits must be at least 1");
        });
    }

    @Test
    void aFurtherBotMayHaveLimitsOfItsOwnCheckedLikeTheFirstBots() {
        ApplicationContextRunner bots = runner.withConfiguration(AutoConfigurations.of(FsmBotsAutoConfiguration.class))
                .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.token=1001:a",
                        "tgfsm.bot.polling.enabled=false",
                        "tgfsm.bots[0].name=support", "tgfsm.bots[0].token=1002:b", "tgfsm.bots[1].name=sales",
                        "tgfsm.bots[1].token=1003:c");
        bots.withPropertyValues("tgfsm.bots[0].flood.chat.permits=5").run(context -> {
            OutboundLimiter limiter = context.getBean(OutboundLimiter.class);
            assertThat(limiter.config(1002).chat()).isEqualTo(new FloodLimit(5, Duration.ofSeconds(1), 3));
            assertThat(limiter.config(1003)).isSameAs(limiter.config(1001)).isSameAs(limiter.config());
        });
        bots.withPropertyValues("tgfsm.bots[1].flood.global.burst=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(FsmConfigurationException.class)
                    .hasMessageContaining("tgfsm.bots[1].flood is invalid: burst must be at least 1");
        });
    }

    @Test
    void aCallOutsideAnUpdateIsChargedToTheConfiguredBot() {
        List<Long> charged = new CopyOnWriteArrayList<>();
        PermitStore recording = new PermitStore() {

            private final InMemoryPermitStore memory = new InMemoryPermitStore();

            @Override
            public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
                charged.add(bot);
                return memory.tryAcquire(bot, buckets, now);
            }

            @Override
            public void hold(long bot, Bucket bucket, Instant until, Instant now) {
                memory.hold(bot, bucket, until, now);
            }
        };
        ApplicationContextRunner recorded = runner.withBean(PermitStore.class, () -> recording)
                .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.polling.enabled=false");
        SendMessage send = new SendMessage("7", "hi");
        recorded.withPropertyValues("tgfsm.bot.token=1001:a").run(context -> {
            OutboundLimiter limiter = context.getBean(OutboundLimiter.class);
            assertThat(limiter.execute(send, () -> "sent")).isEqualTo("sent");
            assertThat(charged).as("a single bot: its id from the token").containsExactly(1001L);
        });
        charged.clear();
        recorded.withPropertyValues("tgfsm.bot.id=77").run(context -> {
            context.getBean(OutboundLimiter.class).execute(send, () -> "sent");
            assertThat(charged).as("the configured id").containsExactly(77L);
        });
        charged.clear();
        recorded.withConfiguration(AutoConfigurations.of(FsmBotsAutoConfiguration.class))
                .withPropertyValues("tgfsm.bot.token=1001:a", "tgfsm.bots[0].name=support",
                        "tgfsm.bots[0].token=1002:b")
                .run(context -> {
                    OutboundLimiter limiter = context.getBean(OutboundLimiter.class);
                    limiter.execute(send, () -> "sent");
                    limiter.execute(1002, send, () -> "sent");
                    assertThat(charged).as("several bots: tgfsm.bot's unless the call names its bot")
                            .containsExactly(1001L, 1002L);
                });
    }

    @Test
    void switchedOffItTakesNoPermits() {
        runner.withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.flood.enabled=false")
                .run(context -> assertThat(context.getBean(OutboundLimiter.class).config().enabled()).isFalse());
    }
}
