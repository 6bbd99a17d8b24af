package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.OddUpdates;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.routing.Route;
import dev.tgfsm.routing.Router;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

class CallbackAnswersTests {

    private static final long BOT = 9L;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final TelegramMessenger messenger = new TelegramMessenger(telegram::client);

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(String unroutedText) {
        start(MessageResolver.english(), unroutedText);
    }

    private void start(MessageResolver messages, String unroutedText) {
        Router router = Router.builder()
                .route(Route.callback().data("quiet").handle((u, m) -> {}))
                .route(Route.callback().data("polite").handle((u, m) -> messenger.answerCallback(u, "done")))
                .route(Route.callback().data("broken").handle((u, m) -> {
                    throw new IllegalStateException("handler bug");
                }))
                .fallback((u, m) -> messenger.send(u, "fallback", null))
                .build();
        FsmContexts contexts = FsmTransactions.contexts(
                new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)),
                new JacksonFsmCodec(), ContextConfig.ofDefaults(), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().callbackAnswers(new CallbackAnswers(messenger, messages, unroutedText))
                        .handler(router)
                        .build(),
                DispatcherConfig.ofDefaults().withThreads(1).withPersistedUpdates(0), null);
    }

    private void send(Update update) throws Exception {
        try {
            dispatcher.submit(update).get(5, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            // a failing handler fails its update; the answer is what is checked
        }
    }

    private List<String> answers() {
        return telegram.calls("answerCallbackQuery").stream().map(c -> String.valueOf(c.param("text"))).toList();
    }

    @Test
    void routedCallbackThatTheHandlerLeftUnansweredIsAnsweredEmpty() throws Exception {
        start(null);
        send(updates.callback(1, "quiet"));
        assertThat(answers()).containsExactly("null");
    }

    @Test
    void callbackTheHandlerAnsweredIsNotAnsweredTwice() throws Exception {
        start(null);
        send(updates.callback(1, "polite"));
        assertThat(answers()).containsExactly("done");
    }

    @Test
    void unroutedCallbackGetsTheConfiguredTextAndTheFallback() throws Exception {
        start("This button is no longer active");
        send(updates.callback(1, "stale"));
        assertThat(answers()).containsExactly("This button is no longer active");
        assertThat(telegram.calls("sendMessage")).extracting(BotCall::text).containsExactly("fallback");
    }

    @Test
    void unroutedTextGivenAsACodeIsResolvedInTheUsersLanguage() throws Exception {
        start(new MessageResolver() {

            @Override
            public String resolve(String code, List<Object> args, String defaultText, Locale locale) {
                return code.equals("app.button-gone") ? "Knopf abgelaufen (" + locale.getLanguage() + ")" : defaultText;
            }

            @Override
            public Locale defaultLocale() {
                return Locale.GERMAN;
            }
        }, "{app.button-gone}");
        send(updates.callback(1, "stale"));
        assertThat(answers()).containsExactly("Knopf abgelaufen (de)");
    }

    @Test
    void unroutedCodeWithoutAMessageSourceShowsAsWritten() throws Exception {
        start("{app.button-gone}");
        send(updates.callback(1, "stale"));
        assertThat(answers()).containsExactly("{app.button-gone}");
    }

    @Test
    void callbackWhoseHandlerThrowsIsStillAnswered() throws Exception {
        start("unused");
        send(updates.callback(1, "broken"));
        assertThat(answers()).containsExactly("null");
    }

    @Test
    void updatesOtherThanCallbacksGetNoAnswer() throws Exception {
        start("unused");
        send(updates.text(1, "hello"));
        send(updates.update(OddUpdates.all(1).get("message_reaction")));
        assertThat(telegram.calls("answerCallbackQuery")).isEmpty();
        assertThat(telegram.calls()).extracting(BotCall::method).containsExactly("sendmessage");
    }
}
