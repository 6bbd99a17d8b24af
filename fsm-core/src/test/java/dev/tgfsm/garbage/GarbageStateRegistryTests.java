package dev.tgfsm.garbage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessages;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

class GarbageStateRegistryTests {

    private static final long BOT = 42;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null,
            OutboxRelay.sendingThrough(telegram.client(), clock));

    private final StorageKey key = StorageKey.of(BOT, 500, 500);

    private GarbageStateRegistry registry(GarbageConfig config) {
        return new GarbageStateRegistry(telegram.client(), config, clock);
    }

    private void inUpdate(GarbageStateRegistry registry, java.util.function.Consumer<FsmContext> work) {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            registry.attach(tx);
            work.accept(tx.context());
            tx.commit();
        }
    }

    private static List<Object> deletedIds(List<BotCall> calls) {
        List<Object> ids = new ArrayList<>();
        calls.forEach(c -> ids.addAll(((DeleteMessages) c.request()).getMessageIds()));
        return ids;
    }

    @Test
    void trackedMessagesAreDeletedOnlyAfterTheStateChangeIsCommitted() {
        GarbageStateRegistry registry = registry(GarbageConfig.ofDefaults());
        inUpdate(registry, ctx -> {
            ctx.setState("Form:NAME");
            registry.track(ctx, 11);
            registry.track(ctx, 12);
        });
        assertThat(telegram.calls()).isEmpty();

        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            registry.attach(tx);
            tx.context().setState("Form:AGE");
            assertThat(telegram.calls()).as("nothing before the commit").isEmpty();
            tx.commit();
        }

        assertThat(telegram.calls("deleteMessages")).singleElement().satisfies(call -> {
            assertThat(call.param("chat_id")).isEqualTo("500");
            assertThat(((DeleteMessages) call.request()).getMessageIds()).containsExactly(11, 12);
        });
        assertThat(storage.load(key).meta()).doesNotContainKey(GarbageStateRegistry.META);
    }

    @Test
    void aFailedCommitDeletesNothingAndKeepsTheMessagesTracked() {
        GarbageStateRegistry registry = registry(GarbageConfig.ofDefaults());
        inUpdate(registry, ctx -> registry.track(ctx, 7));

        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            registry.attach(tx);
            tx.context().setState("Other");
            storage.setState(key, "Concurrent");
            assertThatExceptionOfType(FsmConflictException.class).isThrownBy(tx::commit);
        }

        assertThat(telegram.calls()).isEmpty();
        assertThat(registry.tracked(contexts.writeThrough(key))).extracting(TrackedMessage::messageId)
                .containsExactly(7);
    }

    @Test
    void deletionsGoInBatchesOfAtMostOneHundredPerChat() {
        GarbageStateRegistry registry = registry(GarbageConfig.ofDefaults());
        inUpdate(registry, ctx -> {
            IntStream.rangeClosed(1, 180).forEach(id -> registry.track(ctx, id));
            IntStream.rangeClosed(1, 5).forEach(id -> registry.track(ctx, -77, id, clock.instant()));
        });

        inUpdate(registry, ctx -> ctx.setState("Next"));

        List<BotCall> calls = telegram.calls("deleteMessages");
        assertThat(calls).extracting(c -> ((DeleteMessages) c.request()).getMessageIds().size()).containsExactly(100,
                80, 5);
        assertThat(calls).extracting(c -> c.param("chat_id")).containsExactly("500", "500", "-77");
        assertThat(deletedIds(calls.subList(0, 2)))
                .isEqualTo(new ArrayList<>(IntStream.rangeClosed(1, 180).boxed().toList()));
    }

    @Test
    void theListIsBoundedAndDropsTheOldestAndDuplicatesAreKeptOnce() {
        GarbageStateRegistry registry = registry(GarbageConfig.custom().maxTracked(3).build());
        FsmContext ctx = contexts.writeThrough(key);
        for (int id : new int[]{1, 2, 3, 2, 4, 5}) {
            registry.track(ctx, id);
        }

        assertThat(registry.tracked(ctx)).extracting(TrackedMessage::messageId).containsExactly(2, 4, 5);
    }

    @Test
    void messagesOlderThanFortyEightHoursAreSkippedByDefault() {
        GarbageStateRegistry registry = registry(GarbageConfig.ofDefaults());
        FsmContext ctx = contexts.writeThrough(key);
        registry.track(ctx, 1);
        clock.advance(Duration.ofHours(47));
        registry.track(ctx, 2);
        clock.advance(Duration.ofHours(1));

        CleanupResult result = registry.cleanUp(ctx);

        assertThat(result).isEqualTo(new CleanupResult(1, 0, 1, 0));
        assertThat(deletedIds(telegram.calls("deleteMessages"))).containsExactly(2);
    }

    @Test
    void messagesTooOldToDeleteAreEditedWhenConfigured() {
        GarbageStateRegistry registry = registry(GarbageConfig.custom()
                .oldMessages(GarbageConfig.OldMessagePolicy.EDIT).editText("(expired)").build());
        FsmContext ctx = contexts.writeThrough(key);
        registry.track(ctx, 9);
        clock.advance(Duration.ofHours(49));

        assertThat(registry.cleanUp(ctx)).isEqualTo(new CleanupResult(0, 1, 0, 0));
        assertThat(telegram.calls("editMessageText")).singleElement().satisfies(call -> {
            assertThat(call.text()).isEqualTo("(expired)");
            assertThat(call.param("message_id")).isEqualTo("9");
        });
        assertThat(telegram.calls("deleteMessages")).isEmpty();
    }

    @Test
    void leavingAKeptStateKeepsItsMessages() {
        GarbageStateRegistry registry = registry(GarbageConfig.custom().keepWhenLeaving(Set.of("Menu:MAIN")).build());
        inUpdate(registry, ctx -> {
            ctx.setState("Menu:MAIN");
            registry.track(ctx, 3);
        });
        inUpdate(registry, ctx -> ctx.setState("Form:NAME"));
        assertThat(telegram.calls()).isEmpty();

        inUpdate(registry, ctx -> ctx.setState((String) null));
        assertThat(deletedIds(telegram.calls("deleteMessages"))).containsExactly(3);
    }

    @Test
    void cleanUpIsIdempotentAndAMessageAlreadyGoneIsNotAnError() {
        List<String> methods = new ArrayList<>();
        TelegramClient gone = (TelegramClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{TelegramClient.class}, (proxy, method, args) -> {
                    methods.add(method.getName());
                    throw new TelegramApiRequestException(
                            "Error deleting: [400] Bad Request: message to delete not found");
                });
        GarbageStateRegistry registry = new GarbageStateRegistry(gone, GarbageConfig.ofDefaults(), clock);
        FsmContext ctx = contexts.writeThrough(key);
        registry.track(ctx, 1);

        assertThat(registry.cleanUp(ctx)).isEqualTo(new CleanupResult(1, 0, 0, 0));
        assertThat(registry.cleanUp(ctx)).isEqualTo(CleanupResult.NOTHING);
        assertThat(methods).containsExactly("execute");
    }

    @Test
    void otherFailuresAreCountedNotThrown() {
        TelegramClient broken = (TelegramClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{TelegramClient.class}, (proxy, method, args) -> {
                    throw new TelegramApiRequestException(
                            "Error deleting: [403] Forbidden: bot was blocked by the user");
                });
        GarbageStateRegistry registry = new GarbageStateRegistry(broken, GarbageConfig.ofDefaults(), clock);
        FsmContext ctx = contexts.writeThrough(key);
        registry.track(ctx, 1);

        assertThat(registry.cleanUp(ctx)).isEqualTo(new CleanupResult(1, 0, 0, 1));
    }

    @Test
    void sendTracksTheSentMessageWithItsDateOnceDelivered() throws Exception {
        GarbageStateRegistry registry = registry(GarbageConfig.ofDefaults());
        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            registry.send(tx, SendMessage.builder().chatId(500L).text("Your name?").build());
            assertThat(telegram.calls()).as("nothing is sent before the commit").isEmpty();
            tx.commit();
        }
        Map<?, ?> sent = (Map<?, ?>) telegram.calls("sendMessage").get(0).result();

        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            assertThat(registry.tracked(tx.context())).as("the next unit of work sees the tracked message")
                    .containsExactly(new TrackedMessage(500, ((Number) sent.get("message_id")).intValue(),
                            Instant.ofEpochSecond(((Number) sent.get("date")).longValue())));
            tx.commit();
        }
        assertThat(registry.tracked(contexts.writeThrough(key))).hasSize(1);
    }

    @Test
    void theMiddlewareCleansUpAfterCommitAndCanTrackTheUsersInput() throws Exception {
        GarbageStateRegistry registry = registry(GarbageConfig.custom().trackUserInput(true).build());
        Updates updates = new Updates(clock);
        List<Integer> prompts = new ArrayList<>();
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().garbage(new GarbageCollectingHandler(registry)::handle).handler(u -> {
                    if ("next".equals(u.update().getMessage().getText())) {
                        u.context().setState("Step:" + prompts.size());
                    }
                    registry.send(FsmTransactions.of(u.transaction()),
                            SendMessage.builder().chatId(500L).text("prompt").build());
                }).build(), DispatcherConfig.ofDefaults(), null)) {
            dispatcher.submit(updates.text(500, "hello")).get(10, TimeUnit.SECONDS);
            prompts.add(Integer.valueOf(((Map<?, ?>) telegram.calls("sendMessage").get(0).result())
                    .get("message_id").toString()));
            dispatcher.submit(updates.text(500, "next")).get(10, TimeUnit.SECONDS);
            prompts.add(Integer.valueOf(((Map<?, ?>) telegram.calls("sendMessage").get(1).result())
                    .get("message_id").toString()));
        }

        List<BotCall> deletes = telegram.calls("deleteMessages");
        assertThat(deletes).hasSize(1);
        List<Object> ids = deletedIds(deletes);
        assertThat(ids).as("both user inputs and the first prompt").hasSize(3).contains(prompts.get(0))
                .doesNotContain(prompts.get(1));
        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            assertThat(registry.tracked(tx.context())).as("the second prompt, tracked once delivered")
                    .extracting(TrackedMessage::messageId).contains(prompts.get(1)).hasSize(1);
        }
    }
}
