package dev.tgfsm.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.flow.UnknownStatePolicy;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.wizard.Wizard;

/**
 * {@link Conversations} on real components (in-memory storage with lease locks, the dispatcher,
 * the flow engine and scenes, the outbox sending to a recording Bot API client): operations from
 * outside an update take the conversation's turn, commit atomically, and send their prompt only
 * after the commit; the old write-through path, by contrast, makes an update in flight conflict.
 */
class ConversationTests {

    private static final long BOT = 9;

    private static final long USER = 77;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults().withLock(Duration.ofSeconds(5), Duration.ofSeconds(10)), new LeaseKeeper(),
            OutboxRelay.sendingThrough(telegram.client(), clock));

    private final List<String> entered = new CopyOnWriteArrayList<>();

    private final AtomicInteger conflicts = new AtomicInteger();

    private final FlowEngine flows = new FlowEngine(List.of(Wizard.named("survey")
            .step("name", s -> s.prompt("What is your name?"))
            .step("city", s -> s.prompt(v -> "Where do you live, " + v.get("name") + "?"))
            .build()), new TelegramMessenger(), EscapeCommands.ofDefaults(), Map.of(), UnknownStatePolicy.RESET);

    private final SceneNavigator scenes = new SceneNavigator(List.of(Scene.of("shop", u -> {})
            .withOnEnter((u, s) -> entered.add("shop:" + u.context().getData().get("coupon")))), 10, "back");

    private volatile UpdateHandler app = u -> {};

    private final UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
            UpdatePipeline.builder().flows(flows::handle).scenes(scenes::handle).handler(u -> app.handle(u)).build(),
            DispatcherConfig.ofDefaults().withThreads(4), new DispatchListener() {
                @Override
                public void conflicted(Update update) {
                    conflicts.incrementAndGet();
                }
            });

    private final Conversations conversations = new Conversations(dispatcher, flows, scenes);

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    @Test
    void startFlowSendsTheFirstPromptAfterTheCommitAndTheUserAnswersIt() throws Exception {
        List<String> stateWhenSent = new CopyOnWriteArrayList<>();
        telegram.onCall(call -> stateWhenSent.add(storage.getState(KEY)));

        conversations.of(USER, USER).startFlow("survey").get(10, TimeUnit.SECONDS);

        assertThat(telegram.texts()).containsExactly("What is your name?");
        assertThat(stateWhenSent).containsExactly("survey:name");
        dispatcher.submit(updates.text(USER, "Ada")).get(10, TimeUnit.SECONDS);
        assertThat(telegram.texts()).containsExactly("What is your name?", "Where do you live, Ada?");
        assertThat(storage.getState(KEY)).isEqualTo("survey:city");
    }

    @Test
    void moveAndCancelAFlowFromOutside() throws Exception {
        Conversation user = conversations.of(USER, USER);
        user.startFlow("survey", Map.of("name", "Ada")).get(10, TimeUnit.SECONDS);

        user.moveFlow("city").get(10, TimeUnit.SECONDS);
        assertThat(storage.getState(KEY)).isEqualTo("survey:city");
        user.cancelFlow("Cancelled by an admin.").get(10, TimeUnit.SECONDS);

        assertThat(storage.getState(KEY)).isNull();
        assertThat(telegram.texts()).containsExactly("What is your name?", "Where do you live, Ada?",
                "Cancelled by an admin.");
    }

    @Test
    void unknownFlowOrSceneFailsClearlyAndAppliesNothing() throws Exception {
        Conversation user = conversations.of(USER, USER);
        user.setState("menu").get(10, TimeUnit.SECONDS);
        long version = storage.load(KEY).version();

        assertThatThrownBy(() -> user.startFlow("nope").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(FsmException.class)
                .hasMessageContaining("No flow named 'nope'").hasMessageContaining("survey");
        assertThatThrownBy(() -> user.enterScene("nowhere").get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(FsmException.class).hasMessageContaining("No scene named 'nowhere'");
        assertThatThrownBy(() -> user.moveFlow("city").get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(FsmException.class).hasMessageContaining("in no flow");

        assertThat(storage.load(KEY).version()).isEqualTo(version);
        assertThat(storage.getState(KEY)).isEqualTo("menu");
        assertThat(telegram.calls()).isEmpty();
    }

    @Test
    void enterAndExitASceneFromOutsideRunsItsHooks() throws Exception {
        Conversation user = conversations.of(USER, USER);

        user.enterScene("shop", Map.of("coupon", "SPRING")).get(10, TimeUnit.SECONDS);
        assertThat(storage.getState(KEY)).isEqualTo("scene:shop");
        user.exitScene().get(10, TimeUnit.SECONDS);

        assertThat(entered).containsExactly("shop:SPRING");
        assertThat(storage.getState(KEY)).isNull();
    }

    @Test
    void anOperationWaitsForTheUpdateInFlightAndNeverConflictsWithIt() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        app = u -> {
            u.context().updateData(Map.of("seen", "update"));
            inHandler.countDown();
            release.await();
        };
        CompletableFuture<Void> update = dispatcher.submit(updates.text(USER, "hello"));
        inHandler.await(10, TimeUnit.SECONDS);

        CompletableFuture<Void> job = conversations.of(USER, USER).updateData(Map.of("job", "done"));
        CompletableFuture<Void> later = dispatcher.submit(updates.text(USER, "again"));
        assertThat(job).isNotDone();
        release.countDown();
        CompletableFuture.allOf(update, job, later).get(10, TimeUnit.SECONDS);

        assertThat(conflicts).hasValue(0);
        assertThat(storage.getData(KEY)).containsEntry("seen", "update").containsEntry("job", "done");
    }

    @Test
    void theWriteThroughPathMakesTheUpdateInFlightConflict() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        app = u -> {
            runs.incrementAndGet();
            u.context().updateData(Map.of("seen", "update"));
            inHandler.countDown();
            release.await();
        };
        CompletableFuture<Void> update = dispatcher.submit(updates.text(USER, "hello"));
        inHandler.await(10, TimeUnit.SECONDS);

        contexts.writeThrough(KEY).updateData(Map.of("job", "done"));
        release.countDown();
        update.get(10, TimeUnit.SECONDS);

        assertThat(conflicts).hasValue(1);
        assertThat(runs).hasValue(2);
    }

    @Test
    void severalBotsArePickedByIdOrName() throws Exception {
        Conversations registry = new Conversations(flows, scenes);
        registry.register("shop", dispatcher);

        registry.forBot("shop").of(USER, USER).setState("picked").get(10, TimeUnit.SECONDS);

        assertThat(registry.forBot(BOT).of(USER, USER).state().get(10, TimeUnit.SECONDS)).isEqualTo("picked");
        assertThatThrownBy(() -> registry.forBot(1234)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1234").hasMessageContaining(String.valueOf(BOT));
        assertThatThrownBy(() -> registry.forBot("other")).hasMessageContaining("known bots: [shop]");
        assertThatThrownBy(() -> new Conversations(null, null).of(1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
