package dev.tgfsm.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The expiry notice on the next message, on the in-memory backend with a {@link MutableClock}: an
 * idle deadline that passed while no scheduler ran, and a record TTL without any scheduler.
 */
class ExpiryNoticeTests {

    private static final long BOT = 6;

    private static final long USER = 43;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private static final String EXPIRED = TimeoutConfig.DEFAULT_EXPIRED_TEXT;

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final TimeoutConfig config = TimeoutConfig.builder().idle(Duration.ofMinutes(30)).build();

    private FsmContexts contexts;

    private UpdateDispatcher dispatcher;

    private void start(@Nullable Duration ttl, @Nullable Duration kept, boolean idleTimeouts) {
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults().withTtl(kept)
                .withPreload(List.of(dev.tgfsm.history.HistoryManager.DEFAULT_DESTINY)), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        UpdatePipeline.Builder pipeline = UpdatePipeline.builder()
                .middleware(new ExpiryNotice(ExpiryHandler.clearing(config.expiredText()), clock, ttl))
                .handler(this::handle);
        if (idleTimeouts) {
            pipeline.timeouts(
                    new IdleTimeoutTracker(new TimeoutPolicy(config, List.of(), List.of()), storage, clock)::handle);
        }
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, pipeline.build(),
                DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    @AfterEach
    void tearDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /** "/state X" sets state X (and data), "/start" answers "Welcome" and reads; anything else only reads. */
    private void handle(UpdateContext update) {
        String text = update.update().getMessage().getText();
        if (text.startsWith("/state ")) {
            update.context().setState(text.substring(7));
            update.context().updateData(Map.of("step", text.substring(7)));
        }
        else if (text.equals("/start")) {
            telegram.client();
            update.context().updateData(Map.of("seen", update.context().getState() == null ? "fresh" : "old"));
        }
        else {
            update.context().getState();
        }
    }

    private void send(String text) throws Exception {
        dispatcher.submit(updates.text(USER, text)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anIdleDeadlinePassedWhileNoSchedulerRanIsToldOnTheNextMessageOnce() throws Exception {
        start(null, null, true);
        send("/state order:address");
        clock.advance(Duration.ofMinutes(31));

        send("/start");
        assertThat(telegram.texts()).containsExactly(EXPIRED);
        assertThat(storage.getState(KEY)).isNull();
        assertThat(storage.getData(KEY)).containsExactly(Map.entry("seen", "fresh"));

        send("/start");
        send("hello");
        assertThat(telegram.texts()).containsExactly(EXPIRED);
    }

    @Test
    void aConversationTheSchedulerAlreadyExpiredIsNotToldAgain() throws Exception {
        start(null, null, true);
        send("/state order:address");
        clock.advance(Duration.ofMinutes(31));
        assertThat(new TimeoutScheduler(contexts, config, clock).runDue()).isEqualTo(1);

        send("/start");
        assertThat(telegram.texts()).containsExactly(EXPIRED);
    }

    @Test
    void aMessageBeforeTheDeadlineIsNotToldAndSlidesIt() throws Exception {
        start(null, null, true);
        send("/state order:address");
        clock.advance(Duration.ofMinutes(29));
        send("hello");
        assertThat(storage.getState(KEY)).isEqualTo("order:address");
        assertThat(telegram.texts()).isEmpty();
    }

    @Test
    void withOnlyATtlTheRecordKeptPastItTellsTheUserOnce() throws Exception {
        start(Duration.ofHours(1), Duration.ofHours(2), false);
        send("/state order:address");
        clock.advance(Duration.ofMinutes(59));
        send("/state order:quantity");
        clock.advance(Duration.ofMinutes(59));
        send("hello");
        assertThat(telegram.texts()).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        send("/start");
        assertThat(telegram.texts()).containsExactly(EXPIRED);
        assertThat(storage.getState(KEY)).isNull();
        send("hello");
        assertThat(telegram.texts()).containsExactly(EXPIRED);
    }

    @Test
    void withOnlyATtlARecordGoneForGoodStartsFreshSilently() throws Exception {
        start(Duration.ofHours(1), Duration.ofHours(2), false);
        send("/state order:address");
        clock.advance(Duration.ofHours(3));
        send("/start");
        assertThat(telegram.texts()).isEmpty();
    }

    @Test
    void aConversationWithoutStateIsNeverTold() throws Exception {
        start(Duration.ofHours(1), Duration.ofHours(2), true);
        send("/start");
        clock.advance(Duration.ofMinutes(90));
        send("/start");
        assertThat(telegram.texts()).isEmpty();
    }

    @Test
    void neitherTheNormalPathNorTheNoticeCostsAnExtraRoundTrip() throws Exception {
        start(Duration.ofHours(1), Duration.ofHours(2), true);
        send("/state order:address");
        storage.reset();
        send("/state order:quantity");
        Map<String, Long> normal = storage.snapshot();
        assertThat(normal).containsExactlyInAnyOrderEntriesOf(Map.of("loadAll", 1L, "save", 1L));
        clock.advance(Duration.ofMinutes(31));
        storage.reset();
        send("/state order:address");
        assertThat(telegram.texts()).containsExactly(EXPIRED);
        assertThat(storage.snapshot()).isEqualTo(normal);
        assertThat(storage.total()).isEqualTo(2);
    }
}
