package dev.tgfsm.garbage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * The garbage registry end to end: real {@link OkHttpTelegramClient} against a local Bot API server,
 * real dispatcher and storage. After a state change the server receives {@code deleteMessages}
 * requests holding exactly the tracked ids, in batches of at most 100.
 */
class GarbageBotApiEndToEndTests {

    private static final String TOKEN = "123456:test-token";

    private static final long BOT = 123456;

    private static final long USER = 777;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-02-01T10:00:00Z"));

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final Updates updates = new Updates(clock);

    private final List<Integer> sent = new ArrayList<>();

    private LocalBotApiServer server;

    private UpdateDispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        server = LocalBotApiServer.start(0, clock);
        OkHttpTelegramClient client = new OkHttpTelegramClient(TOKEN, server.telegramUrl());
        GarbageStateRegistry registry = new GarbageStateRegistry(client, GarbageConfig.ofDefaults(), clock);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null,
                OutboxRelay.sendingThrough(client, clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().garbage(new GarbageCollectingHandler(registry)::handle).handler(u -> {
                    String text = u.update().getMessage().getText();
                    if (text.startsWith("prompts ")) {
                        for (int i = 0; i < Integer.parseInt(text.substring(8)); i++) {
                            u.transaction().outbox().send(SendMessage.builder().chatId(USER).text("prompt " + i)
                                    .build(), m -> {
                                        sent.add(m.getMessageId());
                                        return registry.tracking(StorageKey.DEFAULT_DESTINY).sent(m);
                                    });
                        }
                    }
                    else {
                        u.context().setState(text);
                    }
                }).build(), DispatcherConfig.ofDefaults(), null);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        server.close();
    }

    private void send(String text) throws Exception {
        dispatcher.submit(updates.text(USER, text)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aStateChangeDeletesExactlyTheTrackedIdsInBatchesOfAtMostOneHundred() throws Exception {
        send("Form:NAME");
        send("prompts 100");
        send("prompts 57");
        assertThat(server.requests("sendMessage")).hasSize(157);
        assertThat(server.requests("deleteMessages")).as("nothing deleted before a state change").isEmpty();

        send("Form:AGE");

        List<LocalBotApiServer.Request> deletes = server.requests("deleteMessages");
        assertThat(deletes).extracting(r -> ((List<?>) r.params().get("message_ids")).size()).containsExactly(100, 57);
        assertThat(deletes).allSatisfy(r -> assertThat(String.valueOf(r.params().get("chat_id"))).isEqualTo("777"));
        List<Integer> deleted = new ArrayList<>();
        deletes.forEach(
                r -> ((List<?>) r.params().get("message_ids")).forEach(id -> deleted.add(((Number) id).intValue())));
        assertThat(deleted).isEqualTo(sent);
        assertThat(storage.load(StorageKey.of(BOT, USER, USER)).meta()).doesNotContainKey(GarbageStateRegistry.META);

        send("Form:DONE");
        assertThat(server.requests("deleteMessages")).as("idempotent: nothing left to delete").hasSize(2);
    }

    @Test
    void messagesOlderThanFortyEightHoursAreNotSentToTelegram() throws Exception {
        send("prompts 3");
        List<Integer> old = List.copyOf(sent);
        clock.advance(Duration.ofHours(47));
        send("prompts 2");
        clock.advance(Duration.ofHours(2));

        send("Menu");

        assertThat(server.requests("deleteMessages")).singleElement()
                .satisfies(r -> assertThat(((List<?>) r.params().get("message_ids")).stream()
                        .map(id -> ((Number) id).intValue()).toList())
                        .isEqualTo(sent.subList(old.size(), sent.size())));
    }
}
