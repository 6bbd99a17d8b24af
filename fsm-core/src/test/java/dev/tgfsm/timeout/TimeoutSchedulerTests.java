package dev.tgfsm.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * Idle timeouts on the in-memory backend, driven by a {@link MutableClock}: warnings, expiry,
 * sliding deadlines, per-flow and per-scene overrides.
 */
class TimeoutSchedulerTests {

    private static final long BOT = 5;

    private static final long USER = 42;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null, OutboxRelay.sendingThrough(telegram.client(), clock));

    private final TimeoutConfig config = TimeoutConfig.builder().idle(Duration.ofMinutes(30))
            .warningBefore(Duration.ofMinutes(5)).override("quick:", Duration.ofMinutes(3))
            .override("free:", Duration.ZERO).build();

    private final Flow booking = Flow.builder("booking").choose("pick", "Pick", Button.to("Done", "done"))
            .end("done", "Bye").idleTimeout(Duration.ofMinutes(10)).build();

    private final TimeoutPolicy policy = new TimeoutPolicy(config, List.of(booking),
            List.of(Scene.of("checkout", u -> {}).withIdleTimeout(Duration.ofMinutes(2))));

    private final TimeoutScheduler scheduler = new TimeoutScheduler(contexts, config, clock);

    private UpdateDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().timeouts(new IdleTimeoutTracker(policy, storage, clock)::handle)
                        .handler(this::handle)
                        .build(),
                DispatcherConfig.ofDefaults().withThreads(1),
                null);
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
        scheduler.stop();
    }

    /** "/state X" sets state X (and a data entry); "/clear" clears; anything else only reads. */
    private void handle(UpdateContext update) {
        String text = update.update().getMessage().getText();
        if (text.startsWith("/state ")) {
            update.context().setState(text.substring(7));
            update.context().updateData(Map.of("step", text.substring(7)));
        }
        else if (text.equals("/clear")) {
            update.context().clear();
        }
        else {
            update.context().getState();
        }
    }

    private void send(String text) throws Exception {
        dispatcher.submit(updates.text(USER, text)).get(10, TimeUnit.SECONDS);
    }

    private List<String> texts() {
        return telegram.texts();
    }

    @Test
    void warnsBeforeExpiryThenExpiresWithoutAnUpdate() throws Exception {
        send("/state form:name");

        clock.advance(Duration.ofMinutes(24));
        assertThat(scheduler.runDue()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(texts()).containsExactly(
                "Your session will expire in 5 minutes due to inactivity. Send any message to keep it active.");
        assertThat(scheduler.runDue()).isZero();

        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(texts()).last().isEqualTo(TimeoutConfig.DEFAULT_EXPIRED_TEXT);
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(storage.load(KEY).data()).isEmpty();
        assertThat(telegram.calls("sendMessage")).allSatisfy(c -> assertThat(c.param("chat_id")).isEqualTo("42"));

        clock.advance(Duration.ofHours(2));
        assertThat(scheduler.runDue()).isZero();
        assertThat(texts()).hasSize(2);
    }

    @Test
    void anExpiryWhoseCommitMeetsAWriteWithoutTheLockFiresNowNotAfterItsClaimLease() throws Exception {
        send("/state form:name");
        // the next commit of the conversation is preceded by a version-checked write without its lock,
        // as the outbox's acknowledgement check makes: the commit conflicts
        AtomicInteger interfering = new AtomicInteger(1);
        FsmStorage racing = new ForwardingFsmStorage(storage) {
            @Override
            public void save(WriteBatch batch) {
                if (interfering.getAndDecrement() > 0) {
                    storage.change(KEY, r -> {
                        Map<String, Object> meta = new HashMap<>(r.meta());
                        meta.put("probe", 1);
                        return r.withMeta(meta);
                    }, null);
                }
                super.save(batch);
            }
        };
        FsmContexts racingContexts = FsmTransactions.contexts(racing, new JacksonFsmCodec(),
                ContextConfig.ofDefaults(), null, OutboxRelay.sendingThrough(telegram.client(), clock));
        TimeoutScheduler racingScheduler = new TimeoutScheduler(racingContexts, config, clock);

        clock.advance(Duration.ofMinutes(31));
        assertThat(racingScheduler.runDue()).as("expired in this run, after one conflict").isEqualTo(1);
        assertThat(interfering.get()).as("the write without the lock came").isNegative();
        assertThat(texts()).last().isEqualTo(TimeoutConfig.DEFAULT_EXPIRED_TEXT);
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(racingScheduler.handled(TimeoutScheduler.Outcome.RETRY)).isZero();
        racingScheduler.stop();
    }

    @Test
    void everyUpdateThatChangesSomethingSlidesTheDeadline() throws Exception {
        send("/state form:name");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            send("/state form:step" + i);
            assertThat(scheduler.runDue()).isZero();
        }
        clock.advance(Duration.ofMinutes(24));
        assertThat(scheduler.runDue()).isZero();
        assertThat(texts()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.runDue()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(storage.load(KEY).state()).isNull();
    }

    @Test
    void slidingDeadlineWritesTheIndexOncePerIdlePeriodNotPerUpdate() throws Exception {
        for (int i = 0; i < 10; i++) {
            send("/state form:step" + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(storage.count("scheduleDeadline")).as("no call of its own: it rides in the commit").isZero();
        assertThat(storage.deadlinesCommitted()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(15));
        assertThat(scheduler.runDue()).as("the early entry moves to the real warning time").isZero();
        assertThat(storage.count("scheduleDeadline")).isZero();
        assertThat(storage.deadlinesCommitted()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(9));
        assertThat(scheduler.runDue()).isEqualTo(1);
    }

    @Test
    void readOnlyUpdateSlidesTheDeadlineOnceItIsHalfUsed() throws Exception {
        send("/state form:name");
        clock.advance(Duration.ofMinutes(10));
        send("hello");
        long version = storage.load(KEY).version();
        clock.advance(Duration.ofMinutes(10));
        send("hello");

        assertThat(storage.load(KEY).version()).isEqualTo(version + 1);
        clock.advance(Duration.ofMinutes(29));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(texts()).hasSize(1);
        assertThat(storage.load(KEY).state()).isEqualTo("form:name");
    }

    @Test
    void conversationActiveAgainAfterTheWarningIsNotExpired() throws Exception {
        send("/state form:name");
        clock.advance(Duration.ofMinutes(26));
        assertThat(scheduler.runDue()).isEqualTo(1);

        send("still here");
        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.runDue()).isZero();
        assertThat(storage.load(KEY).state()).isEqualTo("form:name");

        clock.advance(Duration.ofMinutes(20));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(texts()).hasSize(2).allMatch(t -> t.startsWith("Your session will expire"));
    }

    @Test
    void perFlowSceneAndPrefixOverridesReplaceTheGlobalIdleTime() throws Exception {
        send("/state booking:pick");
        clock.advance(Duration.ofMinutes(10));
        assertThat(scheduler.runDue()).as("past both: expires without a late warning").isEqualTo(1);
        assertThat(texts()).containsExactly(TimeoutConfig.DEFAULT_EXPIRED_TEXT);

        send("/state scene:checkout");
        clock.advance(Duration.ofMinutes(2));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(texts()).hasSize(2);

        send("/state quick:x");
        clock.advance(Duration.ofMinutes(3));
        assertThat(scheduler.runDue()).isEqualTo(1);

        send("/state free:x");
        clock.advance(Duration.ofDays(3));
        assertThat(scheduler.runDue()).isZero();
        assertThat(storage.load(KEY).state()).isEqualTo("free:x");
        assertThat(policy.idleFor(null)).isNull();
    }

    @Test
    void leavingEveryStateDropsTheDeadline() throws Exception {
        send("/state form:name");
        send("/clear");
        clock.advance(Duration.ofHours(1));

        assertThat(scheduler.runDue()).isZero();
        assertThat(storage.claimDue(clock.instant(), 10, Duration.ofMinutes(1))).isEmpty();
        assertThat(texts()).isEmpty();
    }

    @Test
    void customExpiryHandlerDecidesWhatHappens() throws Exception {
        TimeoutScheduler custom = new TimeoutScheduler(contexts, config, clock, (tx, state) -> {
            tx.context().setState("timed-out");
            return "Expired in " + state;
        });
        send("/state form:name");
        clock.advance(Duration.ofMinutes(30));

        assertThat(custom.runDue()).isEqualTo(1);
        assertThat(texts()).containsExactly("Expired in form:name");
        assertThat(storage.load(KEY).state()).isEqualTo("timed-out");
    }

    @Test
    void pollingThreadFiresWithoutATestCallingIt() throws Exception {
        TimeoutScheduler polling = new TimeoutScheduler(contexts, TimeoutConfig.builder()
                .idle(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10)).build(), clock);
        send("/state form:name");
        clock.advance(Duration.ofMinutes(31));
        polling.start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (storage.load(KEY).state() != null && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
        finally {
            polling.stop();
        }
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(polling.isRunning()).isFalse();
    }
}
