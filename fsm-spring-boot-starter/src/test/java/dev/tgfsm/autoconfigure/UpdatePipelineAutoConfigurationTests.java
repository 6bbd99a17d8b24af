package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.Phase;
import dev.tgfsm.pipeline.UpdateMiddleware;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.telegram.TestUpdates;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The pipeline as the auto-configurations assemble it from beans: the application's middleware at
 * its phases, one bot id for conversations and rate-limit buckets, and a throttled update of the
 * whole stack (rate limit, garbage registry, idle timeouts, flows and scenes) that costs one storage
 * call.
 */
class UpdatePipelineAutoConfigurationTests {

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(7, Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class,
                    FsmMiddlewareAutoConfiguration.class, FsmTimeoutAutoConfiguration.class))
            .withBean(TelegramClient.class, telegram::client);

    @Test
    void theApplicationsMiddlewareBeansRunAtTheirPhases() {
        List<String> steps = new CopyOnWriteArrayList<>();
        runner.withPropertyValues("tgfsm.rate-limit.enabled=true")
                .withBean("handlerPhase", UpdateMiddleware.class, () -> UpdateMiddleware.at(Phase.BEFORE_HANDLER,
                        (u, next) -> {
                            steps.add("before handler");
                            next.handle(u);
                        }))
                .withBean("lockPhase", UpdateMiddleware.class, () -> UpdateMiddleware.at(Phase.BEFORE_LOCK,
                        (u, next) -> {
                            steps.add("before lock " + u.hasConversation());
                            next.handle(u);
                        }))
                .withBean("defaultPhase", UpdateMiddleware.class, () -> (u, next) -> {
                    steps.add("before flows " + u.hasConversation());
                    next.handle(u);
                })
                .withBean(UpdateHandler.class, () -> u -> steps.add("handler"))
                .run(context -> {
                    context.getBean(UpdateDispatcher.class).submit(TestUpdates.message(1, 77, "hello")).join();

                    assertThat(steps).containsExactly("before lock false", "before flows true", "before handler",
                            "handler");
                    assertThat(context.getBean(UpdatePipeline.class).admissionSteps()).hasSize(2);
                });
    }

    @Test
    void theConfiguredBotIdKeysConversationsAndRateLimitBucketsAlike() {
        InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        List<StorageKey> buckets = new CopyOnWriteArrayList<>();
        FsmStorage recording = (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(),
                new Class<?>[]{CounterStorage.class, ThrottleStorage.class, DeadlineIndex.class, PrivacyStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // this proxy, as each capability
                    }
                    if (method.getName().equals("throttle")) {
                        buckets.add((StorageKey) args[0]);
                    }
                    if (method.getName().equals("lockAndLoad") && args.length == 4 && args[3] != null) {
                        buckets.add(((ThrottleRequest) args[3]).bucket()); // the check riding in the lock request
                    }
                    try {
                        return method.invoke(memory, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        runner.withPropertyValues("tgfsm.rate-limit.enabled=true", "tgfsm.bot.id=42",
                "tgfsm.bot.token=123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678")
                .withBean(FsmStorage.class, () -> recording)
                .withBean(UpdateHandler.class, () -> u -> u.context().setState("Seen"))
                .run(context -> {
                    context.getBean(UpdateDispatcher.class).submit(TestUpdates.message(1, 77, "hello")).join();

                    assertThat(context.getBean(UpdateDispatcher.class).botId()).isEqualTo(42);
                    assertThat(buckets).singleElement().extracting(StorageKey::botId).isEqualTo(42L);
                    assertThat(context.getBean(FsmContexts.class).writeThrough(StorageKey.of(42, 77, 77)).getState())
                            .isEqualTo("Seen");
                });
    }

    @Test
    void aThrottledUpdateOfTheWholeStackTakesNoLockAndLoadsNothing() {
        CountingFsmStorage storage = new CountingFsmStorage(new InMemoryFsmStorage(StorageConfig.ofDefaults()));
        runner.withPropertyValues("tgfsm.rate-limit.enabled=true", "tgfsm.rate-limit.limit-for-period=1",
                "tgfsm.rate-limit.period=1h", "tgfsm.timeout.idle=10m", "tgfsm.garbage.track-user-input=true")
                .withBean(FsmStorage.class, () -> storage)
                .withBean(UpdateHandler.class, () -> u -> u.context().setState("menu"))
                .run(context -> {
                    UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
                    dispatcher.submit(TestUpdates.message(1, 77, "first")).join();
                    assertThat(context.getBean(UpdatePipeline.class).unitOfWorkSteps()).hasSizeGreaterThanOrEqualTo(6);
                    storage.reset();

                    dispatcher.submit(TestUpdates.message(2, 77, "second")).join();
                    Map<String, Long> firstThrottled = storage.snapshot();
                    storage.reset();
                    dispatcher.submit(TestUpdates.message(3, 77, "third")).join();
                    Map<String, Long> laterThrottled = storage.snapshot();

                    // the check rides in the lock request, which refuses before locking or loading
                    assertThat(firstThrottled).isEqualTo(Map.of("lockAndLoad", 1L, "increment", 1L));
                    assertThat(laterThrottled).isEqualTo(Map.of("lockAndLoad", 1L));
                    assertThat(telegram.calls("sendMessage")).hasSize(1);
                    assertThat(context.getBean(FsmContexts.class).writeThrough(StorageKey.of(0, 77, 77)).getState())
                            .isEqualTo("menu");
                });
    }

    @Test
    void severalUpdateHandlersFailTheStartUpNamingTheWayOut() {
        runner.withBean("one", UpdateHandler.class, () -> u -> {})
                .withBean("two", UpdateHandler.class, () -> u -> {})
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().isInstanceOf(FsmConfigurationException.class)
                        .hasMessageContaining("Several UpdateHandler beans"));
    }

    @Test
    void anApplicationPipelineBeanReplacesTheAssembledOne() {
        List<String> seen = new CopyOnWriteArrayList<>();
        runner.withBean(UpdatePipeline.class, () -> UpdatePipeline.of(u -> seen.add("own")))
                .run(context -> {
                    context.getBean(UpdateDispatcher.class).submit(TestUpdates.message(1, 5, "x"))
                            .get(10, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(seen).containsExactly("own");
                });
    }
}
