package dev.tgfsm.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.function.SingletonSupplier;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.dispatch.CorruptRecordRecovery;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.DispatcherHooks;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.dispatch.UpdateObserver;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.flow.CallbackAnswers;
import dev.tgfsm.flow.CorruptRecordHandler;
import dev.tgfsm.flow.CorruptRecords;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.flow.Messenger;
import dev.tgfsm.garbage.GarbageCollectingHandler;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.OutboxSender;
import dev.tgfsm.pipeline.UpdateMiddleware;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.privacy.Privacy;
import dev.tgfsm.ratelimit.RateLimitingHandler;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.telegram.FsmBots;
import dev.tgfsm.timeout.IdleTimeoutTracker;

/**
 * Auto-configuration of tgfsm: the codec, key renderer and clock, the storage (a user bean, else the
 * backend chosen by {@code tgfsm.storage.type}, else Redis, JDBC or memory as detected), the
 * contexts factory with its outbox (relay and background flush), the {@link UpdatePipeline} assembled
 * from the beans of its steps, the update dispatcher that runs it (records that cannot be decoded
 * recovered by {@code tgfsm.states.corrupt.*}), and the lifecycles that start and stop them in order.
 * The order of the steps is the pipeline's; this class only hands it the beans.
 *
 * <p>Every bean backs off when the application defines its own. The clock is registered as
 * {@value #CLOCK_BEAN_NAME} and is not a default autowire candidate, so an application's own
 * {@link Clock} bean neither clashes with it nor replaces it (define a bean with that name to
 * replace it).
 */
// by name: spring-boot-data-redis and spring-boot-jdbc are optional
@AutoConfiguration(afterName = {"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@EnableConfigurationProperties({FsmProperties.class, StorageProperties.class, KeyProperties.class,
        RedisStorageProperties.class, JdbcStorageProperties.class, IsolationProperties.class,
        DispatcherProperties.class, HistoryProperties.class, StateProperties.class, RoutingProperties.class,
        BotProperties.class, OutboxProperties.class, ScopeProperties.class})
@Import({RedisStorageConfiguration.class, JdbcStorageConfiguration.class, MemoryStorageConfiguration.class})
public final class FsmAutoConfiguration {

    /** The name of tgfsm's {@link Clock} bean. */
    public static final String CLOCK_BEAN_NAME = "fsmClock";

    @Bean
    @ConditionalOnMissingBean
    static UnknownProperties fsmUnknownProperties() {
        return new UnknownProperties();
    }

    @Bean
    @ConditionalOnMissingBean
    FsmCodec fsmCodec() {
        return new JacksonFsmCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    KeyRenderer fsmKeyRenderer(RedisStorageProperties redisProperties) {
        try {
            return new KeyRenderer(redisProperties.getPrefix());
        }
        catch (IllegalArgumentException ex) {
            throw new FsmConfigurationException("tgfsm.redis.prefix is invalid: " + ex.getMessage() + ".",
                    "Set tgfsm.redis.prefix to letters, digits and separators such as ':' (for example mybot:).");
        }
    }

    @Bean(name = CLOCK_BEAN_NAME, defaultCandidate = false)
    @ConditionalOnMissingBean(name = CLOCK_BEAN_NAME)
    Clock fsmClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    StorageConfig fsmStorageConfig(FsmProperties properties, @Qualifier(CLOCK_BEAN_NAME) Clock clock,
            FsmCodec codec) {
        return FsmPropertiesMapper.storageConfig(properties, clock, codec);
    }

    @Bean
    @ConditionalOnMissingBean
    FsmStorageLifecycle fsmStorageLifecycle(FsmStorage storage) {
        return new FsmStorageLifecycle(storage);
    }

    /**
     * The pools of tgfsm's timers, built with Boot's scheduler builder (the application's, else a
     * plain one); on virtual threads with {@code spring.threads.virtual.enabled} where updates run on
     * them too (see {@link #virtualWorkers(int)}).
     */
    @Bean
    @ConditionalOnMissingBean
    FsmTimers fsmTimers(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder, Environment environment) {
        boolean virtual = Threading.VIRTUAL.isActive(environment) && virtualWorkers(Runtime.version().feature());
        return new FsmTimers(builder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new), virtual);
    }

    @Bean
    @ConditionalOnMissingBean
    LeaseKeeper fsmLeaseKeeper(FsmTimers timers) {
        return new LeaseKeeper(timers.leaseRenewals());
    }

    @Bean
    @ConditionalOnMissingBean
    Privacy fsmPrivacy(FsmStorage storage, @Qualifier(CLOCK_BEAN_NAME) Clock clock) {
        return new Privacy(storage, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    ContextConfig fsmContextConfig(FsmProperties properties, IsolationProperties isolationProperties,
            HistoryProperties historyProperties, ScopeProperties scopes, FsmStorage storage,
            ObjectProvider<DataMigrations> migrations) {
        FsmPropertiesMapper.historySize(historyProperties);
        ContextConfig options = FsmPropertiesMapper.withScopes(
                FsmPropertiesMapper.contextConfig(properties, isolationProperties,
                        FsmPropertiesMapper.distributedByDefault(storage)),
                scopes);
        // the conversations' top-level data and scope data are versioned by the application's migrations
        DataMigrations versions = migrations.getIfAvailable();
        return versions == null ? options : options.withDataVersions(versions);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay fsmOutboxRelay(OutboxProperties properties, ContextConfig options,
            ObjectProvider<TelegramClient> client, ObjectProvider<FsmBots> bots,
            ObjectProvider<OutboundLimiter> limiter,
            @Qualifier(CLOCK_BEAN_NAME) Clock clock, ObjectProvider<MessageResolver> messages) {
        OutboxConfig config;
        try {
            config = properties.toConfig(options.lockLease() == null);
        }
        catch (IllegalArgumentException ex) {
            throw new FsmConfigurationException("tgfsm.outbox is invalid: " + ex.getMessage() + ".",
                    "Set tgfsm.outbox.redeliver-after above tgfsm.outbox.ack-delay, and use positive durations.");
        }
        Supplier<TelegramClient> single = SingletonSupplier.of(client::getIfAvailable);
        Supplier<FsmBots> several = SingletonSupplier.of(bots::getIfAvailable);
        // each conversation's calls go through the client of the bot in its key (tgfsm.bots)
        LongFunction<TelegramClient> clients = (bot) -> several.get() != null ? several.get().client(bot)
                : single.get();
        OutboundLimiter gate = limiter.getIfAvailable();
        OutboxSender sender = gate == null ? OutboxSender.perBot(clients, config)
                : OutboxSender.perBot(clients, config, gate);
        messages.ifAvailable(sender::setMessages);
        return new OutboxRelay(sender, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    FsmContexts fsmContexts(FsmStorage storage, FsmCodec codec, ContextConfig options, LeaseKeeper leases,
            ObjectProvider<FsmStorageDecorator> decorators, ObjectProvider<OutboxRelay> relay) {
        FsmStorage decorated = storage;
        for (FsmStorageDecorator decorator : decorators.orderedStream().toList()) {
            decorated = decorator.decorate(decorated);
        }
        return FsmTransactions.contexts(decorated, codec, options, leases, relay.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OutboxRelay.class)
    OutboxFlusher fsmOutboxFlusher(FsmContexts contexts, OutboxRelay relay, OutboxProperties properties,
            @Qualifier(CLOCK_BEAN_NAME) Clock clock, FsmTimers timers) {
        OutboxFlusher flusher = new OutboxFlusher(contexts, relay, clock, properties.getFlushInterval());
        flusher.runOn(timers.background());
        return flusher;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OutboxFlusher.class)
    OutboxLifecycle fsmOutboxLifecycle(OutboxFlusher flusher) {
        return new OutboxLifecycle(flusher);
    }

    /**
     * What happens to updates whose conversation record cannot be decoded ({@code tgfsm.states.corrupt.*}).
     */
    @Bean
    @ConditionalOnBean(Messenger.class)
    @ConditionalOnMissingBean
    CorruptRecordRecovery fsmCorruptRecords(StateProperties stateProperties, BotProperties bot, FsmContexts contexts,
            Messenger messenger,
            ObjectProvider<EscapeCommands> escapes, ObjectProvider<CorruptRecordHandler> handler,
            ObjectProvider<MessageResolver> messages) {
        StateProperties.Corrupt corrupt = stateProperties.getCorrupt();
        EscapeCommands commands = escapes.getIfAvailable(EscapeCommands::ofDefaults);
        return CorruptRecords.builder(contexts, messenger).policy(corrupt.getPolicy())
                .resetNotice(corrupt.getResetNotice()).keepNotice(corrupt.getKeepNotice())
                .resetCommand(commands.reset()).botUsername(bot.getUsername())
                .handler(handler.getIfAvailable()).messages(messages.getIfAvailable(MessageResolver::english)).build();
    }

    /**
     * The update pipeline, from the beans of its steps: the rate limit, the callback answers (when a
     * {@link Messenger} exists), the {@link StateChangeListener}s, the album collector, the garbage registry, the idle
     * timeouts (when some state can time out), the flows, the scenes, the application's
     * {@link UpdateMiddleware} beans at their phases (within a phase in their
     * {@link org.springframework.core.annotation.Order order}), and the one {@link UpdateHandler} bean.
     */
    @Bean
    @ConditionalOnMissingBean
    UpdatePipeline fsmUpdatePipeline(RoutingProperties routingProperties, ObjectProvider<RateLimitingHandler> rateLimit,
            ObjectProvider<Messenger> messenger, ObjectProvider<StateChangeListener> stateListeners,
            ObjectProvider<GarbageCollectingHandler> garbage, ObjectProvider<IdleTimeoutTracker> timeouts,
            ObjectProvider<FlowEngine> flows, ObjectProvider<SceneNavigator> scenes,
            ObjectProvider<UpdateMiddleware> middleware, ObjectProvider<UpdateHandler> handlers,
            ObjectProvider<AlbumCollector> albums, ObjectProvider<MessageResolver> messages) {
        UpdatePipeline.Builder pipeline = UpdatePipeline.builder();
        albums.ifAvailable(collector -> pipeline.albums(collector::handle));
        rateLimit.ifAvailable(step -> pipeline.rateLimit(step::handle));
        messenger.ifAvailable(m -> pipeline.callbackAnswers(
                new CallbackAnswers(m, messages.getIfAvailable(MessageResolver::english),
                        routingProperties.getUnroutedCallbackText())));
        pipeline.stateListeners(stateListeners.orderedStream().toList());
        garbage.ifAvailable(step -> pipeline.garbage(step::handle));
        timeouts.ifAvailable(step -> {
            if (step.coversAnything()) {
                pipeline.timeouts(step::handle);
            }
        });
        flows.ifAvailable(step -> pipeline.flows(step::handle));
        scenes.ifAvailable(step -> pipeline.scenes(step::handle));
        middleware.orderedStream().forEach(pipeline::middleware);
        List<UpdateHandler> handler = handlers.orderedStream().toList();
        if (handler.size() > 1) {
            throw new FsmConfigurationException("Several UpdateHandler beans: " + handler,
                    "Keep one UpdateHandler bean (or none and use @BotController classes); add the others as"
                            + " UpdateMiddleware beans at a phase.");
        }
        return pipeline.handler(handler.isEmpty() ? null : handler.get(0)).build();
    }

    @Bean
    @ConditionalOnMissingBean
    UpdateDispatcher updateDispatcher(KeyProperties keyProperties, DispatcherProperties dispatcherProperties,
            BotProperties bot, FsmContexts contexts,
            FsmStorageLifecycle storage,
            UpdatePipeline pipeline, ObjectProvider<DispatchListener> listeners,
            ObjectProvider<CorruptRecordRecovery> corruptRecords, ObjectProvider<UpdateObserver> observer,
            ObjectProvider<UpdateDispatcherCustomizer> customizers) {
        // the storage lifecycle is a dependency, not used here: it starts the storage (InitializingBean)
        // before the dispatcher exists, so no update reaches a storage that has not started
        return dispatcher(FsmPropertiesMapper.botId(bot), keyProperties, dispatcherProperties, contexts, pipeline,
                listeners,
                corruptRecords,
                observer, customizers);
    }

    /** A bot's update dispatcher with the settings of {@code tgfsm.dispatcher} (each bot has its own). */
    static UpdateDispatcher dispatcher(long botId, KeyProperties key, DispatcherProperties settings,
            FsmContexts contexts,
            UpdatePipeline pipeline, ObjectProvider<DispatchListener> listeners,
            ObjectProvider<CorruptRecordRecovery> corruptRecords, ObjectProvider<UpdateObserver> observer,
            ObjectProvider<UpdateDispatcherCustomizer> customizers) {
        UpdateDispatcher dispatcher = new UpdateDispatcher(botId, key.getStrategy(), contexts,
                pipeline, FsmPropertiesMapper.dispatcherConfig(settings),
                new CompositeDispatchListener(listeners.orderedStream().toList()));
        DispatcherHooks.corruptRecords(dispatcher, corruptRecords.getIfAvailable());
        dispatcher.setObserver(CompositeUpdateObserver.of(observer.orderedStream().toList()));
        customizers.orderedStream().forEach(customizer -> customizer.customize(dispatcher));
        return dispatcher;
    }

    /**
     * With {@code spring.threads.virtual.enabled} on Java 24 or later, updates run on virtual threads.
     * On Java 21 to 23 they stay on platform threads: a commit blocks inside {@code synchronized} (the
     * storage write, replies held back by the flood limit), which there pins a virtual thread's carrier,
     * so a few waiting replies could stall every update.
     */
    @Bean
    @ConditionalOnThreading(Threading.VIRTUAL)
    @ConditionalOnMissingBean(name = "fsmVirtualThreadsCustomizer")
    UpdateDispatcherCustomizer fsmVirtualThreadsCustomizer() {
        int java = Runtime.version().feature();
        if (!virtualWorkers(java)) {
            LoggerFactory.getLogger(FsmAutoConfiguration.class).info("Updates run on platform threads although "
                    + "spring.threads.virtual.enabled is set: on Java {} a virtual thread blocked in a commit "
                    + "(synchronized) pins its carrier thread; Java 24 and later run them on virtual threads", java);
            return dispatcher -> {};
        }
        return dispatcher -> dispatcher.setThreadFactory(
                new VirtualThreadTaskExecutor("tgfsm-update-").getVirtualThreadFactory());
    }

    /**
     * Tells whether updates run on virtual threads on a Java release, when virtual threads are enabled.
     *
     * @param javaFeature the Java release, such as 21
     * @return from Java 24 on, where blocking inside {@code synchronized} no longer pins a carrier (JEP 491)
     */
    static boolean virtualWorkers(int javaFeature) {
        return javaFeature >= 24;
    }

    @Bean
    @ConditionalOnMissingBean
    UpdateDispatcherLifecycle updateDispatcherLifecycle(UpdateDispatcher dispatcher) {
        return new UpdateDispatcherLifecycle(dispatcher);
    }
}
