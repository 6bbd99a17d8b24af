package dev.tgfsm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.CallbackAnswers;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.ratelimit.RateLimitingHandler;
import dev.tgfsm.ratelimit.ThrottleNotifier;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

class UpdatePipelineTests {

    private static final long BOT = 31;

    private static final long USER = 500;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<String> steps = new CopyOnWriteArrayList<>();

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null, OutboxRelay.sendingThrough(telegram.client(), clock));

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /** Records the step's name, whether the conversation was loaded, and whether the update was bound. */
    private UpdateMiddleware recording(String name) {
        return (update, next) -> {
            steps.add(name + (update.hasConversation() ? " loaded" : " unloaded")
                    + (CurrentUpdate.find().isPresent() ? " bound" : ""));
            next.handle(update);
        };
    }

    private UpdateHandler recordingHandler() {
        return update -> steps.add("handler " + (update.hasConversation() ? "loaded" : "unloaded")
                + (CurrentUpdate.find().map(bound -> bound == update).orElse(false) ? " bound" : ""));
    }

    private RateLimitingHandler limit(int perHour, String notice) {
        RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(perHour).period(Duration.ofHours(1))
                .noticeText(notice).build();
        return new RateLimitingHandler(new RateLimiter(storage, config, clock), storage,
                ThrottleNotifier.message(telegram.client()), null);
    }

    private void start(UpdatePipeline pipeline) {
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, pipeline,
                DispatcherConfig.ofDefaults().withThreads(2), null);
    }

    private void send(Update update) throws Exception {
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyPhaseRunsInTheDocumentedOrderWhateverTheOrderOfTheBuilderCalls() throws Exception {
        UpdateMiddleware limit = recording("rate limit");
        start(UpdatePipeline.builder()
                .handler(recordingHandler())
                .middleware(Phase.BEFORE_HANDLER, recording("before handler"))
                .scenes(recording("scenes"))
                .flows(recording("flows"))
                .middleware(recording("before flows (default phase)"))
                .timeouts(recording("timeouts"))
                .garbage(recording("garbage"))
                .middleware(Phase.AFTER_LOAD, recording("after load"))
                .middleware(Phase.BEFORE_LOCK, recording("before lock"))
                .rateLimit(limit)
                .build());

        send(updates.text(USER, "hello"));

        assertThat(steps).containsExactly(
                "rate limit unloaded", "before lock unloaded",
                "after load loaded bound", "garbage loaded bound", "timeouts loaded bound",
                "before flows (default phase) loaded bound", "flows loaded bound", "scenes loaded bound",
                "before handler loaded bound", "handler loaded bound");
    }

    @Test
    void theStepsBeforeTheLockRunBeforeAnyStorageCall() throws Exception {
        long[] callsSeenBeforeLock = {-1};
        start(UpdatePipeline.builder()
                .middleware(Phase.BEFORE_LOCK, (update, next) -> {
                    callsSeenBeforeLock[0] = storage.total();
                    next.handle(update);
                })
                .handler(u -> u.context().setState("seen"))
                .build());

        send(updates.text(USER, "hello"));

        assertThat(callsSeenBeforeLock[0]).isZero();
        assertThat(storage.load(StorageKey.of(BOT, USER, USER)).state()).isEqualTo("seen");
    }

    @Test
    void aThrottledUpdateCostsOneThrottleCallAndNoLockLoadOrCommit() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        start(UpdatePipeline.builder().rateLimit(limit(1, "Slow down, {seconds} s")::handle)
                .handler(u -> {
                    handled.add(u.update().getMessage().getText());
                    u.context().setState("busy");
                }).build());
        send(updates.text(USER, "first"));
        storage.reset();

        send(updates.text(USER, "second"));
        Map<String, Long> firstThrottled = storage.snapshot();
        storage.reset();
        send(updates.text(USER, "third"));
        Map<String, Long> laterThrottled = storage.snapshot();

        assertThat(handled).containsExactly("first");
        // the first throttled update of the period also counts its notice, across instances
        assertThat(firstThrottled).isEqualTo(Map.of("throttle", 1L, "increment", 1L));
        // every later one in the period: the throttle call and nothing else
        assertThat(laterThrottled).isEqualTo(Map.of("throttle", 1L));
        assertThat(telegram.texts()).singleElement().asString().startsWith("Slow down, ").endsWith(" s");
    }

    @Test
    void aThrottledUpdateWithoutNoticeCostsExactlyTheThrottleCall() throws Exception {
        start(UpdatePipeline.builder().rateLimit(limit(1, null)::handle).handler(u -> u.context().setState("x"))
                .build());
        send(updates.text(USER, "first"));
        for (int i = 0; i < 3; i++) {
            storage.reset();
            send(updates.text(USER, "again " + i));
            assertThat(storage.snapshot()).as("throttled update %d", i).isEqualTo(Map.of("throttle", 1L));
            assertThat(storage.count("lockAndLoad") + storage.count("loadAll") + storage.count("save")).isZero();
        }
    }

    @Test
    void aDroppedUpdateIsReportedAsDroppedNotHandled() throws Exception {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().rateLimit(limit(1, null)::handle).handler(u -> u.context().setState("x"))
                        .build(),
                DispatcherConfig.ofDefaults().withThreads(1), new DispatchListener() {
                    @Override
                    public void handled(Update update, Duration took) {
                        outcomes.add("handled");
                    }

                    @Override
                    public void dropped(Update update) {
                        outcomes.add("dropped");
                    }
                });

        send(updates.text(USER, "first"));
        send(updates.text(USER, "second"));

        assertThat(outcomes).containsExactly("handled", "dropped");
    }

    @Test
    void aThrottledButtonIsAnsweredAtOnceWithoutAUnitOfWork() throws Exception {
        start(UpdatePipeline.builder().rateLimit(limit(1, null)::handle)
                .callbackAnswers(new CallbackAnswers(new TelegramMessenger(telegram::client), null))
                .handler(u -> u.context().setState("x")).build());
        send(updates.text(USER, "first"));
        storage.reset();

        send(updates.callback(USER, "pressed"));

        assertThat(storage.snapshot()).isEqualTo(Map.of("throttle", 1L));
        assertThat(telegram.calls("answerCallbackQuery")).hasSize(1);
    }

    @Test
    void aMiddlewareBeforeTheLockCanDropAnUpdateForNothing() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        start(UpdatePipeline.builder()
                .middleware(UpdateMiddleware.at(Phase.BEFORE_LOCK, (update, next) -> {
                    if (!update.update().getMessage().getText().contains("spam")) {
                        next.handle(update);
                    }
                }))
                .handler(u -> handled.add(u.update().getMessage().getText())).build());

        send(updates.text(USER, "buy spam now"));
        assertThat(storage.total()).isZero();
        send(updates.text(USER, "hello"));

        assertThat(handled).containsExactly("hello");
    }

    @Test
    void theDecisionOfTheRateLimitIsSeenInsideTheUnitOfWork() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        start(UpdatePipeline.builder().rateLimit(limit(5, null)::handle)
                .handler(u -> seen.add(u.attribute(RateLimitingHandler.DECISION_ATTRIBUTE))).build());

        send(updates.text(USER, "x"));

        assertThat(seen).containsExactly(new RateLimiter.Decision(true, Duration.ZERO, 4, false));
    }

    @Test
    void middlewareBeforeTheHandlerSeesOnlyWhatFlowsAndScenesPassOn() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        start(UpdatePipeline.builder()
                .flows((update, next) -> {
                    if (!update.update().getMessage().getText().startsWith("flow")) {
                        next.handle(update);
                    }
                })
                .middleware(Phase.BEFORE_HANDLER, (update, next) -> {
                    handled.add("middleware " + update.update().getMessage().getText());
                    next.handle(update);
                })
                .handler(u -> handled.add("handler " + u.update().getMessage().getText())).build());

        send(updates.text(USER, "flow answer"));
        send(updates.text(USER, "menu"));

        assertThat(handled).containsExactly("middleware menu", "handler menu");
    }

    @Test
    void aFailingMiddlewareCommitsNothing() throws Exception {
        start(UpdatePipeline.builder()
                .middleware(Phase.BEFORE_HANDLER, (UpdateContext update, UpdateHandler next) -> {
                    update.context().setState("half");
                    throw new IllegalStateException("middleware bug");
                })
                .handler(u -> u.context().setState("done")).build());

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> send(updates.text(USER, "x")))
                .withRootCauseInstanceOf(IllegalStateException.class);

        assertThat(storage.count("save")).isZero();
        assertThat(storage.load(StorageKey.of(BOT, USER, USER)).state()).isNull();
    }
}
