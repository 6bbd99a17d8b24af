package dev.tgfsm.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.middleware.FsmChatMigrationAutoConfiguration;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.autoconfigure.middleware.FsmTransitionAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.TimeoutLifecycle;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The sample bot's configuration ({@code sample-app/src/main/resources/application.yml}) as a
 * starter-level context, for the counting tests of a whole update: every auto-configuration of
 * the starter's update path, the sample's values (7 day TTL, idle timeouts of 15 minutes with a
 * warning 3 minutes before, restart notice, rate limit of 20 per 10 s with a notice, the unrouted
 * callback text; the garbage registry, de-duplication, the outbox and the group migration step before
 * the lock are on by default), and a
 * handler that does what a mid-flow step of the sample does: reads the data, merges an entry,
 * moves the state and replies through the outbox.
 *
 * <p>Two values differ from the sample, so that background work never lands inside a counting
 * window: the timeout scheduler and the outbox flusher poll once an hour. Tests run the flusher
 * themselves ({@code OutboxFlusher#flushDue}) to count what it costs: the acknowledgement of a
 * reply that no later update of the conversation carried within the acknowledgement delay (2 s).
 */
public final class SampleBotConfiguration {

    /** The sample's values, as in its application.yml. */
    public static final List<String> SAMPLE_PROPERTIES = List.of(
            "tgfsm.ttl=7d",
            "tgfsm.routing.unrouted-callback-text=This button is no longer active.",
            "tgfsm.timeout.idle=15m",
            "tgfsm.timeout.warning-before=3m",
            "tgfsm.restart-notice.enabled=true",
            "tgfsm.restart-notice.window=1h",
            "tgfsm.rate-limit.enabled=true",
            "tgfsm.rate-limit.limit-for-period=20",
            "tgfsm.rate-limit.period=10s",
            "tgfsm.rate-limit.notice-text=You are writing faster than I can read. Please wait {seconds} s and try again.",
            "tgfsm.timeout.poll-interval=1h",
            "tgfsm.outbox.flush-interval=1h");

    private SampleBotConfiguration() {
    }

    /**
     * A context runner with the sample's configuration, the given clock and a recording Telegram
     * client; the caller adds the storage's properties and beans.
     *
     * @param clock tgfsm's clock
     * @param telegram receives the Bot API calls
     * @param extraProperties more properties (the storage type, its prefix, …)
     * @return the runner
     */
    public static ApplicationContextRunner runner(MutableClock clock, RecordingTelegramClient telegram,
            String... extraProperties) {
        List<String> properties = new ArrayList<>(SAMPLE_PROPERTIES);
        properties.addAll(List.of(extraProperties));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class,
                        FsmConversationAutoConfiguration.class, FsmMiddlewareAutoConfiguration.class,
                        FsmTimeoutAutoConfiguration.class, FsmTransitionAutoConfiguration.class,
                        FsmMigrationAutoConfiguration.class, FsmChatMigrationAutoConfiguration.class))
                .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
                .withBean(TelegramClient.class, telegram::client)
                .withBean(UpdateHandler.class, () -> SampleBotConfiguration::midFlowStep)
                .withPropertyValues(properties.toArray(String[]::new));
    }

    /**
     * Waits until the start-up work that touches the storage once (the restart notice to the
     * conversations active in the last hour, the move of earlier versions' preferences) is done, so
     * that it does not land in a counting window.
     *
     * @param context the running context
     */
    public static void awaitStartup(ApplicationContext context) {
        try {
            context.getBean(TimeoutLifecycle.class).restartNotice().get(30, TimeUnit.SECONDS);
            context.getBean(PreferencesMoveLifecycle.class).done().get(30, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("the start-up work did not finish", ex);
        }
    }

    /**
     * One step of a form: counts the steps in the data, remembers the text, moves to the state
     * named after the text and replies through the outbox.
     *
     * @param update the update
     */
    public static void midFlowStep(UpdateContext update) {
        String text = update.update().getMessage().getText();
        FsmContext context = update.context();
        int step = context.getData().get("step") instanceof Number n ? n.intValue() : 0;
        context.updateData(Map.of("step", step + 1, "last", text));
        context.setState("form:" + text);
        update.transaction().outbox().send(SendMessage.builder().chatId(update.key().chatId())
                .text("Step " + (step + 1) + ": " + text).build());
    }
}
