package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.CorruptRecordRecovery;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.CorruptRecordPolicy;
import dev.tgfsm.flow.CorruptRecords;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.FsmRedisConnection;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.telegram.TestUpdates;
import dev.tgfsm.testsupport.Latches;

/**
 * Tests for {@link FsmAutoConfiguration}: storage selection and back-off of every bean.
 */
@ExtendWith(OutputCaptureExtension.class)
class FsmAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class));

    @Test
    void withNothingConfiguredUsesMemoryAndWarnsThatStateDiesWithTheProcess(CapturedOutput output) {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(InMemoryFsmStorage.class).hasSingleBean(FsmContexts.class)
                    .hasSingleBean(UpdateDispatcher.class).hasSingleBean(LeaseKeeper.class)
                    .hasSingleBean(FsmStorageLifecycle.class).hasSingleBean(UpdateDispatcherLifecycle.class);
            assertThat(output).contains("conversation state is kept in memory: it dies with the process");
            assertThat(context.getBean(ContextConfig.class).lockLease()).isNull();
        });
    }

    @Test
    void explicitMemoryTypeUsesMemoryWithoutTheWarning(CapturedOutput output) {
        this.runner.withPropertyValues("tgfsm.storage.type=MEMORY").run((context) -> {
            assertThat(context).hasSingleBean(InMemoryFsmStorage.class);
            assertThat(output).doesNotContain("it dies with the process");
        });
    }

    @Test
    void userStorageBeanWinsEvenOverAnExplicitType() {
        this.runner.withPropertyValues("tgfsm.storage.type=redis")
                .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
                .withBean("myStorage", FsmStorage.class, RecordingStorage::new).run((context) -> {
                    assertThat(context).hasNotFailed().hasSingleBean(FsmStorage.class);
                    assertThat(context.getBean(FsmStorage.class)).isInstanceOf(RecordingStorage.class);
                    assertThat(context.getBean(FsmContexts.class).storage()).isInstanceOf(RecordingStorage.class);
                    assertThat(context.getBean(ContextConfig.class).lockLease())
                            .isEqualTo(ContextConfig.DEFAULT_LOCK_LEASE);
                });
    }

    @Test
    void redisConnectionFactoryBeanSelectsRedisWithDistributedLocks() {
        this.runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
                .withBean(DataSource.class, () -> h2("redisWins")).run((context) -> {
                    assertThat(context).hasSingleBean(RedisFsmStorage.class);
                    assertThat(context.getBean(FsmRedisConnection.class).isDedicated())
                            .as("a factory that is not Lettuce is used as it is").isFalse();
                    assertThat(context.getBean(ContextConfig.class).lockLease())
                            .isEqualTo(ContextConfig.DEFAULT_LOCK_LEASE);
                });
    }

    @Test
    void explicitRedisTypeSelectsRedis() {
        this.runner.withPropertyValues("tgfsm.storage.type=redis", "tgfsm.redis.prefix=bot7:")
                .withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class)).run((context) -> {
                    assertThat(context).hasSingleBean(RedisFsmStorage.class);
                    assertThat(context.getBean(KeyRenderer.class).prefix()).isEqualTo("bot7:");
                });
    }

    @Test
    void withoutRedisOnTheClassPathADataSourceSelectsJdbc() {
        this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
                .withBean(DataSource.class, () -> h2("noRedis"))
                .run((context) -> assertThat(context).hasSingleBean(JdbcFsmStorage.class)
                        .doesNotHaveBean(FsmRedisConnection.class));
    }

    @Test
    void dataSourceFromBootSelectsJdbcAndCreatesTheTablesOfAnEmbeddedDatabase() {
        this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:bootDs;DB_CLOSE_DELAY=-1",
                        "tgfsm.jdbc.table-prefix=acfg_")
                .run((context) -> {
                    assertThat(context).hasSingleBean(JdbcFsmStorage.class);
                    assertThat(tables(context.getBean(DataSource.class))).contains("ACFG_RECORDS");
                    FsmContexts contexts = context.getBean(FsmContexts.class);
                    contexts.writeThrough(StorageKey.of(1, 2, 3)).setState("Form:NAME");
                    assertThat(contexts.writeThrough(StorageKey.of(1, 2, 3)).getState()).isEqualTo("Form:NAME");
                });
    }

    @Test
    void initializeSchemaNeverLeavesTheDatabaseAloneAndFailsStartUpNamingTheMissingTable() {
        DataSource database = h2("never");
        this.runner.withPropertyValues("tgfsm.jdbc.initialize-schema=never", "tgfsm.jdbc.table-prefix=never_")
                .withBean(DataSource.class, () -> database)
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(FsmConfigurationException.class)
                            .hasMessageContaining("never_records").hasMessageContaining("initialize-schema");
                    FsmConfigurationException failure = (FsmConfigurationException) NestedExceptionUtils
                            .getRootCause(context.getStartupFailure());
                    assertThat(failure.action()).contains("spring.flyway.locations")
                            .contains("classpath:db/tgfsm/migration/h2")
                            .contains("spring.flyway.placeholders.tgfsm_table_prefix=never_")
                            .contains("classpath:db/tgfsm/changelog/db.changelog-tgfsm.yaml")
                            .contains("tgfsm.jdbc.initialize-schema=always");
                    assertThat(tables(database)).noneMatch((t) -> t.startsWith("NEVER_"));
                });
    }

    @Test
    void initializeSchemaNeverStartsWhenTheTablesExistAndHealthGoesDownWhenOneIsDropped() {
        DataSource database = h2("neverReady");
        new JdbcSchemaInitializer(database, "ready_", null).initialize();
        this.runner.withPropertyValues("tgfsm.jdbc.initialize-schema=never", "tgfsm.jdbc.table-prefix=ready_")
                .withBean(DataSource.class, () -> database)
                .run((context) -> {
                    JdbcFsmStorage storage = context.getBean(JdbcFsmStorage.class);
                    assertThat(storage.health().up()).isTrue();
                    new JdbcTemplate(database).execute("DROP TABLE ready_locks");
                    assertThat(storage.health().up()).isFalse();
                    assertThat(storage.health().detail()).containsIgnoringCase("ready_locks");
                });
    }

    @Test
    void withoutSpringJdbcADataSourceFallsBackToMemory() {
        this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class, JdbcTemplate.class))
                .withBean(DataSource.class, () -> h2("noJdbc"))
                .run((context) -> assertThat(context).hasSingleBean(InMemoryFsmStorage.class));
    }

    @Test
    void distributedIsolationCanBeForcedOnForMemory() {
        this.runner.withPropertyValues("tgfsm.isolation.distributed=true", "tgfsm.isolation.lock-lease=5s",
                "tgfsm.isolation.lock-wait=2s", "tgfsm.ttl=1h").run((context) -> {
                    ContextConfig options = context.getBean(ContextConfig.class);
                    assertThat(options.lockLease()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(options.lockWait()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(options.ttl()).as("tgfsm.ttl plus the grace, as long again by default")
                            .isEqualTo(Duration.ofHours(2));
                    assertThat(context.getBean(StorageConfig.class).defaultTtl()).isEqualTo(Duration.ofHours(2));
                });
    }

    @Test
    void aZeroTtlGraceKeepsRecordsExactlyTheTtlAndANegativeOneIsRefused() {
        this.runner.withPropertyValues("tgfsm.ttl=1h", "tgfsm.ttl-grace=0s").run((context) -> {
            assertThat(context.getBean(ContextConfig.class).ttl()).isEqualTo(Duration.ofHours(1));
            assertThat(context.getBean(StorageConfig.class).defaultTtl()).isEqualTo(Duration.ofHours(1));
        });
        this.runner.withPropertyValues("tgfsm.ttl=1h", "tgfsm.ttl-grace=30m").run(
                (context) -> assertThat(context.getBean(ContextConfig.class).ttl()).isEqualTo(Duration.ofMinutes(90)));
        this.runner.withPropertyValues("tgfsm.ttl=1h", "tgfsm.ttl-grace=-1m").run((context) -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("tgfsm.ttl-grace must not be negative"));
    }

    @Test
    void botIdComesFromTheTokenUnlessSetExplicitly() {
        this.runner.withPropertyValues("tgfsm.bot.token=123456:ABC-def_ghi")
                .run((context) -> assertThat(context.getBean(UpdateDispatcher.class).botId()).isEqualTo(123456L));
        this.runner.withPropertyValues("tgfsm.bot.token=123456:ABC-def_ghi", "tgfsm.bot.id=42")
                .run((context) -> assertThat(context.getBean(UpdateDispatcher.class).botId()).isEqualTo(42L));
        this.runner.run((context) -> assertThat(context.getBean(UpdateDispatcher.class).botId()).isZero());
    }

    @Test
    void userBeansReplaceEveryPart() {
        FsmCodec codec = new JacksonFsmCodec();
        KeyRenderer renderer = new KeyRenderer("mine:");
        this.runner.withBean(FsmCodec.class, () -> codec).withBean(KeyRenderer.class, () -> renderer)
                .withBean(StorageConfig.class, StorageConfig::ofDefaults)
                .withBean(ContextConfig.class, ContextConfig::ofDefaults)
                .withBean(LeaseKeeper.class, LeaseKeeper::new)
                .run((context) -> {
                    assertThat(context.getBean(FsmCodec.class)).isSameAs(codec);
                    assertThat(context.getBean(KeyRenderer.class)).isSameAs(renderer);
                    assertThat(context).hasSingleBean(StorageConfig.class).hasSingleBean(ContextConfig.class)
                            .hasSingleBean(LeaseKeeper.class);
                });
    }

    @Test
    void userContextsAndDispatcherReplaceTheAutoConfiguredOnes() {
        FsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        UpdateDispatcher dispatcher = new UpdateDispatcher(9, KeyStrategy.CHAT, contexts, (u) -> {},
                DispatcherConfig.ofDefaults(), null);
        this.runner.withBean(FsmContexts.class, () -> contexts).withBean(UpdateDispatcher.class, () -> dispatcher)
                .run((context) -> {
                    assertThat(context.getBean(FsmContexts.class)).isSameAs(contexts);
                    assertThat(context.getBean(UpdateDispatcher.class)).isSameAs(dispatcher);
                });
    }

    @Test
    void applicationClockBeanDoesNotClashWithTheClockOfTgfsm() {
        Clock mine = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        this.runner.withBean(Clock.class, () -> mine).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Clock.class)).isSameAs(mine);
            assertThat(context.getBean(StorageConfig.class).clock()).isNotSameAs(mine);
        });
        this.runner.withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> mine)
                .run((context) -> assertThat(context.getBean(StorageConfig.class).clock()).isSameAs(mine));
    }

    @Test
    void updatesGoToTheApplicationsHandlerAndCommitState() {
        List<String> texts = new CopyOnWriteArrayList<>();
        UpdateHandler handler = (update) -> {
            texts.add(update.update().getMessage().getText());
            update.context().setState("Seen");
        };
        this.runner.withBean(UpdateHandler.class, () -> handler).run((context) -> {
            context.getBean(UpdateDispatcher.class).submit(TestUpdates.message(1, 77, "hello")).join();
            assertThat(texts).containsExactly("hello");
            assertThat(context.getBean(FsmContexts.class).writeThrough(StorageKey.of(0, 77, 77)).getState())
                    .isEqualTo("Seen");
        });
    }

    @Test
    void withoutAHandlerUpdatesAreAcceptedAndIgnored() {
        this.runner.run((context) -> assertThat(context.getBean(UpdateDispatcher.class)
                .submit(TestUpdates.message(1, 5, "hi"))).succeedsWithin(Duration.ofSeconds(10)));
    }

    @Test
    void theStorageHasStartedOnceBeforeTheDispatcherExists() {
        RecordingStorage storage = new RecordingStorage();
        List<String> whenTheDispatcherWasCreated = new CopyOnWriteArrayList<>();
        BeanPostProcessor probe = new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof UpdateDispatcher) {
                    whenTheDispatcherWasCreated.addAll(storage.events);
                }
                return bean;
            }
        };
        this.runner.withBean(FsmStorage.class, () -> storage).withBean("probe", BeanPostProcessor.class, () -> probe)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(whenTheDispatcherWasCreated).containsExactly("start");
                    assertThat(storage.events).containsExactly("start");
                    assertThat(context.getBean(FsmStorageLifecycle.class).isRunning()).isTrue();
                });
        assertThat(storage.events).containsExactly("start", "stop");
    }

    @Test
    void closingTheContextDrainsTheDispatcherBeforeStoppingTheStorage() throws Exception {
        RecordingStorage storage = new RecordingStorage();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UpdateHandler handler = (update) -> {
            running.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            update.context().setState("Done");
        };
        this.runner.withBean(FsmStorage.class, () -> storage).withBean(UpdateHandler.class, () -> handler)
                .run((context) -> {
                    assertThat(storage.events).containsExactly("start");
                    context.getBean(UpdateDispatcher.class).dispatch(TestUpdates.message(1, 5, "hi"));
                    // the update runs when the context closes (one not started yet would be left to
                    // Telegram, see UpdateDispatcherTests.shutdownRunsNoUpdateThatHadNotStarted)
                    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                    Latches.countDownLater(release, Duration.ofMillis(200));
                });
        assertThat(storage.events).containsExactly("start", "save", "stop");
    }

    @Test
    void theContextsCloseWithTheContextOnlyAfterTheDispatcherHasDrained() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        AtomicReference<FsmContexts> contexts = new AtomicReference<>();
        List<String> outcomes = new CopyOnWriteArrayList<>();
        UpdateHandler handler = (update) -> {
            running.countDown();
            assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
            // a unit of work begun while the application context closes, before the dispatcher drained
            try {
                outcomes.add(contexts.get().inTransaction(StorageKey.of(0, 6, 6), (work) -> {
                    work.context().setState("Other");
                    return "committed";
                }));
            }
            catch (RuntimeException ex) {
                outcomes.add(ex.toString());
            }
        };
        // stopped before the dispatcher (a higher phase stops first): the update goes on as the context closes
        SmartLifecycle closingProbe = new SmartLifecycle() {

            private volatile boolean started;

            @Override
            public void start() {
                started = true;
            }

            @Override
            public void stop() {
                started = false;
                closing.countDown();
            }

            @Override
            public boolean isRunning() {
                return started;
            }

            @Override
            public int getPhase() {
                return UpdateDispatcherLifecycle.PHASE + 1;
            }
        };
        this.runner.withBean(UpdateHandler.class, () -> handler)
                .withBean("closingProbe", SmartLifecycle.class, () -> closingProbe).run((context) -> {
                    contexts.set(context.getBean(FsmContexts.class));
                    assertThat(context.getBeanFactory().getDependentBeans("fsmContexts"))
                            .as("destroyed before the contexts").contains("updateDispatcher");
                    context.getBean(UpdateDispatcher.class).dispatch(TestUpdates.message(1, 5, "hi"));
                    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                });
        assertThat(outcomes).containsExactly("committed");
        assertThat(contexts.get().writeThrough(StorageKey.of(0, 6, 6)).getState()).isEqualTo("Other");
        assertThatIllegalStateException().as("closed with the application context")
                .isThrownBy(() -> contexts.get().inTransaction(StorageKey.of(0, 6, 6), (work) -> null));
    }

    private static SimpleDriverDataSource h2(String name) {
        return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    private static List<String> tables(DataSource dataSource) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    @Test
    void corruptRecordsFollowThePropertiesAndBackOffForTheApplicationsOwnRecovery() {
        ApplicationContextRunner full = this.runner.withConfiguration(AutoConfigurations.of(
                FsmRoutingAutoConfiguration.class, FsmConversationAutoConfiguration.class));
        full.run((context) -> assertThat(context.getBean(CorruptRecordRecovery.class))
                .isInstanceOfSatisfying(CorruptRecords.class,
                        (r) -> assertThat(r.policy()).isEqualTo(CorruptRecordPolicy.RESET)));
        full.withPropertyValues("tgfsm.states.corrupt.policy=keep").run((context) -> assertThat(
                ((CorruptRecords) context.getBean(CorruptRecordRecovery.class)).policy())
                .isEqualTo(CorruptRecordPolicy.KEEP));
        CorruptRecordRecovery own = (update, key, error, retry) -> {};
        full.withBean(CorruptRecordRecovery.class, () -> own)
                .run((context) -> assertThat(context.getBean(CorruptRecordRecovery.class)).isSameAs(own));
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(CorruptRecordRecovery.class));
    }
}
