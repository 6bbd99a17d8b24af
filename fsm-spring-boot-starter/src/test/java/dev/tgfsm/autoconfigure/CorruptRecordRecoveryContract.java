package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.CorruptRecordHandler;
import dev.tgfsm.flow.CorruptRecords;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * A conversation whose stored record cannot be decoded, through the whole starter against a real
 * backend: the raw record is logged once at WARN with its key, the user is never left without an
 * answer, RESET handles the update on a fresh record, KEEP routes it to the application's handler
 * and {@code /reset} deletes the record. Subclasses plant corrupt records straight into their
 * backend.
 */
abstract class CorruptRecordRecoveryContract {

    /** The bot id the runner's properties give. */
    static final long BOT = 4242L;

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, Clock.systemUTC());

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private final List<CorruptRecordException> kept = new CopyOnWriteArrayList<>();

    /**
     * Returns a runner with the backend's auto-configuration and properties.
     *
     * @return the runner
     */
    protected abstract ApplicationContextRunner backend();

    /**
     * Writes a corrupt record at a key, bypassing the codec.
     *
     * @param context the application
     * @param key the key
     * @param kind {@code invalid-json}, {@code huge-invalid-json} (over 20,000 characters) or a
     *        backend's own kind
     */
    protected abstract void plant(ApplicationContext context, StorageKey key, String kind);

    /**
     * Returns the kinds of corruption this backend can hold, besides invalid JSON.
     *
     * @return the kinds
     */
    protected List<String> otherKinds() {
        return List.of();
    }

    /**
     * Removes what the test stored.
     *
     * @param context the application
     */
    protected void cleanUp(ApplicationContext context) {
        context.getBean(FsmStorage.class).clearNamespace();
    }

    private ApplicationContextRunner runner() {
        return backend().withConfiguration(AutoConfigurations.of(
                FsmRoutingAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                FsmAutoConfiguration.class))
                .withPropertyValues("tgfsm.bot.id=" + BOT)
                .withBean(TelegramClient.class, telegram::client)
                .withBean(CorruptProbeController.class);
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static void send(ApplicationContext context, Update update) throws Exception {
        try {
            context.getBean(UpdateDispatcher.class).submit(update).get(20, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            throw new AssertionError("Update " + update.getUpdateId() + " failed", ex.getCause());
        }
    }

    private List<String> sentTo(long chat) {
        return telegram.calls("sendMessage").stream().filter(c -> String.valueOf(chat).equals(c.param("chat_id")))
                .map(BotCall::text).toList();
    }

    private List<ILoggingEvent> events(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    private static StorageKey keyOf(long user) {
        return StorageKey.of(BOT, user, user);
    }

    @Test
    void resetPolicyTellsTheUserAndHandlesTheUpdateOnAFreshRecord() {
        runner().run(context -> {
            try {
                long user = 71;
                send(context, UPDATES.text(user, "/start"));
                plant(context, keyOf(user), "invalid-json");
                assertThatThrownBy(() -> context.getBean(FsmStorage.class).load(keyOf(user)))
                        .isInstanceOf(CorruptRecordException.class);

                send(context, UPDATES.text(user, "hello"));

                assertThat(sentTo(user)).containsExactly("started", CorruptRecords.DEFAULT_RESET_NOTICE,
                        "state=null text=hello");
                assertThat(context.getBean(FsmStorage.class).load(keyOf(user)).state()).isNull();
                List<ILoggingEvent> warnings = events(Level.WARN).stream()
                        .filter(e -> e.getLoggerName().equals(CorruptRecords.class.getName())
                                && e.getFormattedMessage().contains("raw record"))
                        .toList();
                assertThat(warnings).as("the raw record is logged once").hasSize(1);
                assertThat(warnings.get(0).getFormattedMessage()).contains(":" + user + ":" + user)
                        .contains("oops");
                assertThat(events(Level.ERROR)).isEmpty();
                send(context, UPDATES.text(user, "/start"));
                send(context, UPDATES.text(user, "again"));
                assertThat(sentTo(user)).endsWith("started", "state=started text=again");
            }
            finally {
                cleanUp(context);
            }
        });
    }

    @Test
    void aCorruptUserScopeReadInAGroupIsResetAndTheUpdateHandled() {
        runner().run(context -> {
            try {
                long user = 79;
                long group = -7900;
                send(context, UPDATES.text(group, user, "/start"));
                plant(context, DataScope.userKey(BOT, user), "invalid-json");

                send(context, UPDATES.text(group, user, "hello"));

                assertThat(sentTo(group)).containsExactly("started", CorruptRecords.DEFAULT_RESET_NOTICE,
                        "state=null text=hello");
                assertThat(context.getBean(FsmStorage.class).load(DataScope.userKey(BOT, user)).exists()).isFalse();
            }
            finally {
                cleanUp(context);
            }
        });
    }

    @Test
    void aHugeRawRecordIsLoggedShortened() {
        runner().run(context -> {
            try {
                long user = 76;
                plant(context, keyOf(user), "huge-invalid-json");
                send(context, UPDATES.text(user, "hello"));
                List<ILoggingEvent> warnings = events(Level.WARN).stream()
                        .filter(e -> e.getFormattedMessage().contains("raw record")).toList();
                assertThat(warnings).hasSize(1);
                assertThat(warnings.get(0).getFormattedMessage())
                        .hasSizeLessThan(CorruptRecords.MAX_LOGGED_CHARS + 1000)
                        .contains("characters in all");
                assertThat(sentTo(user)).containsExactly(CorruptRecords.DEFAULT_RESET_NOTICE, "state=null text=hello");
            }
            finally {
                cleanUp(context);
            }
        });
    }

    @Test
    void everyKindOfCorruptionIsReportedAndReset() {
        runner().run(context -> {
            try {
                long user = 72;
                for (String kind : otherKinds()) {
                    telegram.reset();
                    plant(context, keyOf(user), kind);
                    assertThatThrownBy(() -> context.getBean(FsmStorage.class).load(keyOf(user)))
                            .as(kind).isInstanceOf(CorruptRecordException.class)
                            .hasMessageContaining(":" + user + ":" + user);
                    send(context, UPDATES.text(user, "hi " + kind));
                    assertThat(sentTo(user)).as(kind).containsExactly(CorruptRecords.DEFAULT_RESET_NOTICE,
                            "state=null text=hi " + kind);
                }
                assertThat(events(Level.ERROR)).isEmpty();
            }
            finally {
                cleanUp(context);
            }
        });
    }

    @Test
    void resetCommandOnACorruptRecordGetsOnlyItsOwnAnswer() {
        runner().run(context -> {
            try {
                long user = 73;
                plant(context, keyOf(user), "invalid-json");
                send(context, UPDATES.text(user, "/reset"));
                assertThat(sentTo(user)).containsExactly(EscapeCommands.DEFAULT_RESET_DONE);
                assertThat(context.getBean(FsmStorage.class).load(keyOf(user)).state()).isNull();
            }
            finally {
                cleanUp(context);
            }
        });
    }

    @Test
    void aResetCommandAddressedToAnotherBotDoesNotDeleteAKeptRecord() {
        runner().withPropertyValues("tgfsm.states.corrupt.policy=keep", "tgfsm.bot.username=RecoveryBot")
                .withBean(CorruptRecordHandler.class, () -> (update, error) -> kept.add(error))
                .run(context -> {
                    try {
                        long user = 76;
                        plant(context, keyOf(user), "invalid-json");
                        send(context, UPDATES.text(user, "/reset@OtherBot"));

                        assertThat(kept).hasSize(1);
                        assertThatThrownBy(() -> context.getBean(FsmStorage.class).load(keyOf(user)))
                                .as("the raw record is kept").isInstanceOf(CorruptRecordException.class);

                        send(context, UPDATES.text(user, "/reset@RecoveryBot"));
                        assertThat(sentTo(user)).containsExactly(EscapeCommands.DEFAULT_RESET_DONE);
                        assertThat(kept).hasSize(1);
                    }
                    finally {
                        cleanUp(context);
                    }
                });
    }

    @Test
    void keepPolicyRoutesToTheApplicationsHandlerAndResetStillWorks() {
        runner().withPropertyValues("tgfsm.states.corrupt.policy=keep")
                .withBean(CorruptRecordHandler.class, () -> (update, error) -> kept.add(error))
                .run(context -> {
                    try {
                        long user = 74;
                        plant(context, keyOf(user), "invalid-json");
                        send(context, UPDATES.text(user, "hello"));
                        send(context, UPDATES.callback(user, "old-button"));

                        assertThat(telegram.calls("answerCallbackQuery")).as("the button stops spinning").hasSize(1);
                        assertThat(kept).hasSize(2)
                                .allSatisfy(e -> assertThat(e.key()).contains(":" + user + ":" + user));
                        assertThat(sentTo(user)).isEmpty();
                        assertThatThrownBy(() -> context.getBean(FsmStorage.class).load(keyOf(user)))
                                .as("the raw record is kept").isInstanceOf(CorruptRecordException.class);

                        send(context, UPDATES.text(user, "/reset"));
                        send(context, UPDATES.text(user, "hello once more"));
                        assertThat(sentTo(user)).containsExactly(EscapeCommands.DEFAULT_RESET_DONE,
                                "state=null text=hello once more");
                        assertThat(kept).hasSize(2);
                        assertThat(events(Level.ERROR)).isEmpty();
                    }
                    finally {
                        cleanUp(context);
                    }
                });
    }

    @Test
    void keepPolicyWithoutAHandlerTellsTheUserHowToReset() {
        runner().withPropertyValues("tgfsm.states.corrupt.policy=keep",
                "tgfsm.states.corrupt.keep-notice=Cannot read your data; send /reset").run(context -> {
                    try {
                        long user = 75;
                        plant(context, keyOf(user), "invalid-json");
                        send(context, UPDATES.text(user, "hello"));
                        send(context, UPDATES.callback(user, "old-button"));
                        assertThat(sentTo(user)).containsExactly("Cannot read your data; send /reset",
                                "Cannot read your data; send /reset");
                        assertThat(telegram.calls("answerCallbackQuery")).as("the button stops spinning").hasSize(1);
                        assertThat(events(Level.ERROR)).isEmpty();
                    }
                    finally {
                        cleanUp(context);
                    }
                });
    }

    @Test
    void aGermanUserIsToldInGermanUnderEitherPolicy() {
        runner().run(context -> {
            try {
                long user = 77;
                plant(context, keyOf(user), "invalid-json");
                Update update = UPDATES.text(user, "hallo");
                update.getMessage().getFrom().setLanguageCode("de");
                send(context, update);
                assertThat(sentTo(user)).containsExactly(
                        "Deine Sitzungsdaten konnten nicht gelesen werden und wurden zur\u00fcckgesetzt.",
                        "state=null text=hallo");
            }
            finally {
                cleanUp(context);
            }
        });
        runner().withPropertyValues("tgfsm.states.corrupt.policy=keep").run(context -> {
            try {
                long user = 78;
                plant(context, keyOf(user), "invalid-json");
                Update update = UPDATES.text(user, "hallo");
                update.getMessage().getFrom().setLanguageCode("de");
                send(context, update);
                assertThat(sentTo(user)).containsExactly(
                        "Deine Sitzungsdaten konnten nicht gelesen werden. Sende /reset, um von vorn zu beginnen.");
            }
            finally {
                cleanUp(context);
            }
        });
    }
}
