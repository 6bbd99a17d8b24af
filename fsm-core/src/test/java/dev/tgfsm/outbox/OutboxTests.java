package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordTooLargeException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

class OutboxTests {

    private static final long BOT = 9;

    private static final long USER = 77;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    /** One process: its relay (run id), contexts and flusher over the shared storage. */
    private final class Run {

        final OutboxRelay relay;

        final FsmContexts contexts;

        final OutboxFlusher flusher;

        Run(TelegramClient client, FsmStorage store) {
            this(client, store, false);
        }

        Run(TelegramClient client, FsmStorage store, boolean exclusiveStore) {
            relay = new OutboxRelay(new OutboxSender(client, OutboxConfig.custom().retryBackoff(Duration.ZERO)
                    .exclusiveStore(exclusiveStore).build()), clock);
            contexts = FsmTransactions.contexts(store, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null, relay);
            flusher = new OutboxFlusher(contexts, relay, clock, Duration.ofMillis(100));
        }

        void handle(UpdateHandler handler, org.telegram.telegrambots.meta.api.objects.Update... batch)
                throws Exception {
            try (UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, handler,
                    DispatcherConfig.ofDefaults().withThreads(1), null)) {
                for (var update : batch) {
                    dispatcher.submit(update).get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static SendMessage text(String text) {
        return SendMessage.builder().chatId(USER).text(text).build();
    }

    /** A client whose process dies before it sends anything: every call fails. */
    private static TelegramClient dead() {
        return (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                new Class<?>[]{TelegramClient.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "dead client" : method.invoke(proxy, args);
                    }
                    throw new IllegalStateException("the process died before sending");
                });
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> stored() {
        Object raw = storage.load(KEY).meta().get(OutboxRelay.META);
        return raw == null ? List.of() : (List<Map<String, Object>>) raw;
    }

    @Test
    void callsAreSentInOrderOnlyAfterTheCommit() {
        Run run = new Run(telegram.client(), storage);
        try (FsmTransaction tx = FsmTransactions.begin(run.contexts, KEY)) {
            tx.context().setState("form:name");
            tx.outbox().send(text("one"));
            tx.outbox().send(text("two"));
            assertThat(telegram.calls()).as("nothing before the commit").isEmpty();
            tx.commit();
        }
        assertThat(telegram.texts()).containsExactly("one", "two");
        assertThat(stored()).as("stored with the state until acknowledged").singleElement()
                .satisfies(e -> assertThat(e).containsEntry("run", run.relay.runId()));
        assertThat(storage.getState(KEY)).isEqualTo("form:name");
    }

    @Test
    void aTransactionClosedWithoutCommitSendsNothing() {
        Run run = new Run(telegram.client(), storage);
        try (FsmTransaction tx = FsmTransactions.begin(run.contexts, KEY)) {
            tx.outbox().send(text("never"));
        }
        assertThat(telegram.calls()).isEmpty();
        assertThat(storage.load(KEY).exists()).isFalse();
    }

    @Test
    void aCommitRefusedByTheSizeLimitSendsNothingAndTellsTheUser() throws Exception {
        InMemoryFsmStorage small = new InMemoryFsmStorage(
                StorageConfig.ofDefaults().withClock(clock).withMaxRecordBytes(2048));
        Run run = new Run(telegram.client(), small);
        List<Throwable> failures = new ArrayList<>();
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, run.contexts, u -> {
            u.context().setState("form:next");
            u.context().updateData("blob", "x".repeat(5000));
            u.transaction().outbox().send(text("Next question?"));
        }, DispatcherConfig.ofDefaults(), null)) {
            dispatcher.submit(updates.text(USER, "answer")).exceptionally(ex -> {
                failures.add(ex);
                return null;
            }).get(10, TimeUnit.SECONDS);
        }

        assertThat(failures).singleElement()
                .satisfies(ex -> assertThat(ex).isInstanceOf(RecordTooLargeException.class));
        assertThat(telegram.texts()).as("no prompt for a step that was not stored, only the error text")
                .containsExactly(OutboxConfig.DEFAULT_ERROR_TEXT);
        assertThat(small.load(KEY).exists()).isFalse();
    }

    @Test
    void aCrashAfterTheCommitIsDeliveredExactlyOnceByAnotherRunOnTheDuplicateRedelivery() throws Exception {
        UpdateHandler handler = u -> {
            String in = u.update().getMessage().getText();
            u.context().setState("step:" + in);
            u.transaction().outbox().send(text("reply to " + in));
        };
        var first = updates.text(USER, "hello");
        new Run(dead(), storage).handle(handler, first);
        assertThat(storage.getState(KEY)).isEqualTo("step:hello");
        assertThat(stored()).hasSize(1);

        Run restarted = new Run(telegram.client(), storage);
        clock.advance(Duration.ofSeconds(3));
        restarted.handle(handler, first);
        assertThat(telegram.calls()).as("another run's young entry is left alone: it may still be sending").isEmpty();
        assertThat(restarted.flusher.flushDue()).as("not due yet").isZero();

        clock.advance(Duration.ofSeconds(8));
        restarted.handle(handler, first);
        assertThat(telegram.texts()).as("the duplicate redelivery delivers the pending reply")
                .containsExactly("reply to hello");
        assertThat(storage.getState(KEY)).as("the duplicate was not handled again").isEqualTo("step:hello");

        restarted.handle(handler, first, updates.text(USER, "world"));
        clock.advance(Duration.ofSeconds(30));
        restarted.flusher.flushDue();
        new Run(telegram.client(), storage).handle(handler, updates.text(USER, "again"));
        assertThat(telegram.texts()).containsExactly("reply to hello", "reply to world", "reply to again");
    }

    @Test
    void theFlusherRedeliversAForeignEntryOnceItComesOfAge() throws Exception {
        new Run(dead(), storage).handle(u -> {
            u.context().setState("a");
            u.transaction().outbox().send(text("pending"));
        }, updates.text(USER, "x"));
        Run restarted = new Run(telegram.client(), storage);
        restarted.handle(u -> {}, updates.text(USER, "read only"));
        assertThat(telegram.calls()).isEmpty();

        clock.advance(OutboxConfig.DEFAULT_REDELIVER_AFTER);
        assertThat(restarted.flusher.flushDue()).isEqualTo(1);

        assertThat(telegram.texts()).containsExactly("pending");
        clock.advance(Duration.ofSeconds(5));
        restarted.flusher.flushDue();
        assertThat(stored()).as("acknowledged").isEmpty();
        assertThat(restarted.flusher.flushDue()).isZero();
        assertThat(telegram.texts()).hasSize(1);
    }

    @Test
    void onAStoreThisProcessHasToItselfAnEarlierRunsEntryIsDeliveredAtOnceAfterARestart() throws Exception {
        UpdateHandler handler = u -> {
            u.context().setState("step:" + u.update().getMessage().getText());
            u.transaction().outbox().send(text("reply"));
        };
        var first = updates.text(USER, "hello");
        new Run(dead(), storage, true).handle(handler, first);
        clock.advance(Duration.ofSeconds(1));

        new Run(telegram.client(), storage, true).handle(handler, first);

        assertThat(telegram.texts()).as("the earlier run is stopped: its reply goes out with the redelivery")
                .containsExactly("reply");
        assertThat(storage.getState(KEY)).isEqualTo("step:hello");
    }

    @Test
    void youngerEntriesOfAnotherRunAreLeftUntouched() throws Exception {
        new Run(dead(), storage).handle(u -> {
            u.context().setState("a");
            u.transaction().outbox().send(text("theirs"));
        }, updates.text(USER, "x"));
        Map<String, Object> theirs = new LinkedHashMap<>(stored().get(0));
        clock.advance(Duration.ofSeconds(4));

        new Run(telegram.client(), storage).handle(u -> {
            u.context().setState("b");
            u.transaction().outbox().send(text("mine"));
        }, updates.text(USER, "y"));

        assertThat(telegram.texts()).containsExactly("mine");
        assertThat(stored()).hasSize(2).first().isEqualTo(theirs);
    }

    @Test
    void aRefusedReplyIsLoggedTheCommitKeptTheUserToldAndTheRestSent() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            new Run(telegram.client(), storage).handle(u -> {
                u.context().setState("done");
                u.transaction().outbox().send(text("y".repeat(5000)));
                u.transaction().outbox().send(text("after"));
            }, updates.text(USER, "go"));
        }
        finally {
            System.setErr(original);
        }

        assertThat(storage.getState(KEY)).as("the commit is kept").isEqualTo("done");
        assertThat(telegram.calls("sendMessage")).extracting(c -> c.text().length() > 100 ? "long" : c.text())
                .containsExactly("long", OutboxConfig.DEFAULT_ERROR_TEXT, "after");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARN").contains("refused sendmessage")
                .contains("message is too long");
    }

    @Test
    void theAcknowledgementRidesInTheNextCommitWithoutAnExtraRoundTrip() throws Exception {
        Run run = new Run(telegram.client(), storage);
        UpdateHandler handler = u -> {
            u.context().setState("step:" + u.update().getMessage().getText());
            u.transaction().outbox().send(text("ok " + u.update().getMessage().getText()));
        };
        run.handle(handler, updates.text(USER, "1"));
        storage.reset();

        run.handle(handler, updates.text(USER, "2"), updates.text(USER, "3"));

        assertThat(storage.count("save")).as("one write per update, acknowledgement included").isEqualTo(2);
        assertThat(storage.total()).as("one read and one write per update").isEqualTo(4);
        assertThat(stored()).as("only the last update's entry waits for its acknowledgement").singleElement()
                .satisfies(e -> assertThat(e.get("calls").toString()).contains("ok 3"));
        assertThat(telegram.texts()).containsExactly("ok 1", "ok 2", "ok 3");
    }

    @Test
    void withACrossInstanceLockEachUpdateStaysAtTwoRoundTripsRepliesAndAcknowledgementsIncluded() throws Exception {
        OutboxRelay relay = OutboxRelay.sendingThrough(telegram.client(), clock);
        FsmContexts locking = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(5)), new LeaseKeeper(),
                relay);
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, locking, u -> {
            u.context().setState("step:" + u.update().getMessage().getText());
            u.transaction().outbox().send(text("ok " + u.update().getMessage().getText()));
        }, DispatcherConfig.ofDefaults().withThreads(1), null)) {
            dispatcher.submit(updates.text(USER, "1")).get(10, TimeUnit.SECONDS);
            storage.reset();
            dispatcher.submit(updates.text(USER, "2")).get(10, TimeUnit.SECONDS);
            dispatcher.submit(updates.text(USER, "3")).get(10, TimeUnit.SECONDS);
        }

        assertThat(storage.total()).as("lock and load, then commit and unlock, per update").isEqualTo(4);
        assertThat(stored()).singleElement().satisfies(e -> assertThat(e.get("calls").toString()).contains("ok 3"));
        assertThat(telegram.texts()).containsExactly("ok 1", "ok 2", "ok 3");
    }

    @Test
    void theFlusherStoresTheAcknowledgementAfterTheAckDelay() throws Exception {
        Run run = new Run(telegram.client(), storage);
        run.handle(u -> u.transaction().outbox().send(text("hi")), updates.text(USER, "read only"));
        assertThat(stored()).hasSize(1);
        storage.reset();

        clock.advance(Duration.ofMillis(1500));
        assertThat(run.flusher.flushDue()).isZero();
        assertThat(storage.total()).isZero();

        clock.advance(Duration.ofMillis(600));
        assertThat(run.flusher.flushDue()).isEqualTo(1);
        assertThat(stored()).isEmpty();
        assertThat(storage.count("saveEach")).as("the flusher's one write of every due acknowledgement").isEqualTo(1);
        assertThat(run.relay.pendingAcknowledgements()).isZero();
        assertThat(telegram.texts()).containsExactly("hi");
    }

    @Test
    void anAcknowledgementNotDueWhenItsConversationIsCheckedStaysScheduled() throws Exception {
        Run b = new Run(telegram.client(), storage);
        Run a = new Run(telegram.client(), storage);
        b.handle(u -> u.transaction().outbox().send(text("b")), updates.text(USER, "1"));
        clock.advance(Duration.ofSeconds(9));
        // a sees b's entry young (checked again at 10 s), and its own delivery is acknowledged at 11 s
        a.handle(u -> u.transaction().outbox().send(text("a")), updates.text(USER, "2"));
        assertThat(b.flusher.flushDue()).isEqualTo(1);
        assertThat(stored()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        a.flusher.flushDue();
        assertThat(stored()).as("b's entry is gone and a's acknowledgement is not due: nothing to write").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.flusher.flushDue()).isEqualTo(1);

        assertThat(stored()).as("a's acknowledgement, written before another run would take its entry as stale")
                .isEmpty();
        assertThat(telegram.texts()).containsExactly("b", "a");
    }

    @Test
    void aSlowSendIsAcknowledgedAckDelayAfterItsEndNotForgotten() throws Exception {
        Run run = new Run(telegram.client(), storage);
        telegram.onCall(call -> clock.advance(Duration.ofSeconds(1)));
        run.handle(u -> u.transaction().outbox().send(text("hi")), updates.text(USER, "x"));

        clock.advance(Duration.ofMillis(1500));
        run.flusher.flushDue();
        assertThat(stored()).as("2.5 s after the send began, 1.5 s after it ended").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(run.flusher.flushDue()).isEqualTo(1);

        assertThat(stored()).isEmpty();
        assertThat(run.relay.pendingAcknowledgements()).isZero();
    }

    @Test
    void stopStoresEveryPendingAcknowledgement() throws Exception {
        Run run = new Run(telegram.client(), storage);
        run.handle(u -> u.transaction().outbox().send(text("hi")), updates.text(USER, "x"));
        assertThat(run.relay.pendingAcknowledgements()).isEqualTo(1);

        run.flusher.stop();

        assertThat(stored()).isEmpty();
        assertThat(run.relay.pendingAcknowledgements()).isZero();
    }

    @Test
    void followUpsAreSeenByTheNextUnitOfWorkAndStoredWithTheAcknowledgement() throws Exception {
        Run run = new Run(telegram.client(), storage);
        run.handle(u -> u.transaction().outbox().send(text("menu"),
                sent -> ctx -> EngineContext.of(ctx).setMeta("menuId", sent.getMessageId())), updates.text(USER, "x"));
        assertThat(storage.load(KEY).meta()).doesNotContainKey("menuId");

        List<Object> seen = new ArrayList<>();
        run.handle(u -> seen.add(EngineContext.of(u.context()).getMeta("menuId")), updates.text(USER, "y"));

        assertThat(seen).singleElement().isNotNull();
        assertThat(storage.load(KEY).meta()).containsKey("menuId").doesNotContainKey(OutboxRelay.META);
    }

    @Test
    void storedCallsThatAreNotBotApiMethodsAreDroppedWithoutBeingInstantiated() throws Exception {
        List<Object> calls = List.of(
                Map.of("type", "java.lang.ProcessBuilder", "body", Map.of("command", List.of("rm"))),
                Map.of("type", "org.telegram.telegrambots.meta.api.objects.Update", "body", Map.of()),
                Map.of("type", "org.telegram.telegrambots.meta.api.methods.send.SendMessage",
                        "body", Map.of("chat_id", String.valueOf(USER), "text", "legit")));
        Map<String, Object> entry = Map.of("id", "e1", "run", "gone", "at", clock.millis(), "calls", calls);
        storage.change(KEY, r -> r.withMeta(Map.of(OutboxRelay.META, List.of(entry))), null);
        clock.advance(Duration.ofMinutes(1));

        new Run(telegram.client(), storage).handle(u -> {}, updates.text(USER, "x"));

        assertThat(telegram.texts()).containsExactly("legit");
    }

    @Test
    void pendingEntriesAreBoundedSoAnOutageCannotGrowTheRecordWithoutLimit() throws Exception {
        Run offline = new Run(dead(), storage);
        for (int i = 0; i < OutboxRelay.MAX_PENDING_ENTRIES + 5; i++) {
            offline.handle(u -> u.transaction().outbox().send(text("reply " + u.update().getUpdateId())),
                    updates.text(USER, "m" + i));
        }

        assertThat(stored()).hasSize(OutboxRelay.MAX_PENDING_ENTRIES);
        new Run(telegram.client(), storage).handle(u -> {}, updates.text(USER, "later"));
        assertThat(telegram.calls()).as("nothing is old enough yet").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        new Run(telegram.client(), storage).handle(u -> {}, updates.text(USER, "back online"));
        assertThat(telegram.texts()).as("the newest entries, in order").hasSize(OutboxRelay.MAX_PENDING_ENTRIES);
    }

    @Test
    void queuingWithoutARelayFailsWithAClearMessage() {
        FsmContexts bare = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        try (FsmTransaction tx = FsmTransactions.begin(bare, KEY)) {
            assertThatExceptionOfType(dev.tgfsm.FsmException.class).isThrownBy(() -> tx.outbox().send(text("x")))
                    .withMessageContaining("No outbox relay");
        }
    }

    @Test
    void redeliverAfterMustExceedTheAckDelay() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> OutboxConfig.custom().ackDelay(Duration.ofSeconds(5))
                        .redeliverAfter(Duration.ofSeconds(5)).build())
                .withMessageContaining("redeliverAfter");
    }
}
