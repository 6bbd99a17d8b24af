package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The {@code tgfsm.escapes.state-history} and {@code tgfsm.escapes.cancel-keeps-data} settings reach
 * the flow engine: with an application handler that moves between plain states.
 */
class EscapeStatesWiringTests {

    private static final StorageKey KEY = StorageKey.of(0, 5, 5);

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    private final Updates updates = new Updates(clock);

    /** "go X" moves to plain state X and notes it in the data; everything else is "seen". */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmMiddlewareAutoConfiguration.class))
            .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
            .withBean(TelegramClient.class, telegram::client)
            .withBean(UpdateHandler.class, () -> u -> {
                String text = u.update().getMessage().getText();
                if (text.startsWith("go ")) {
                    u.context().updateData(Map.of("at", text.substring(3)));
                    u.context().setState(text.substring(3));
                }
                else {
                    u.context().updateData(Map.of("seen", text));
                }
            });

    private void say(UpdateDispatcher dispatcher, String text) throws Exception {
        dispatcher.submit(updates.text(5, text)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void byDefaultBackGoesThroughPlainStatesAndCancelClearsTheData() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            FsmStorage storage = context.getBean(FsmStorage.class);
            say(dispatcher, "go form:name");
            say(dispatcher, "go form:city");
            say(dispatcher, "/back");
            assertThat(storage.getState(KEY)).isEqualTo("form:name");
            say(dispatcher, "/cancel");
            assertThat(storage.getState(KEY)).isNull();
            assertThat(storage.getData(KEY)).isEmpty();
            assertThat(telegram.texts()).containsExactly("Back to the previous step.",
                    "Cancelled. Use /start to begin again.");
        });
    }

    @Test
    void thePropertiesTurnTheStateHistoryOffAndKeepTheData() {
        runner.withPropertyValues("tgfsm.escapes.state-history=false", "tgfsm.escapes.cancel-keeps-data=true")
                .run(context -> {
                    UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
                    FsmStorage storage = context.getBean(FsmStorage.class);
                    say(dispatcher, "go form:name");
                    say(dispatcher, "go form:city");
                    say(dispatcher, "/back");
                    assertThat(storage.getState(KEY)).isEqualTo("form:city");
                    assertThat(storage.getData(KEY)).containsEntry("seen", "/back");
                    say(dispatcher, "/cancel");
                    assertThat(storage.getState(KEY)).isNull();
                    assertThat(storage.getData(KEY)).containsEntry("at", "form:city");
                });
    }
}
