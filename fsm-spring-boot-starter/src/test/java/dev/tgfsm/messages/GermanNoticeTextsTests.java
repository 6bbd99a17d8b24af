package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.OutboxSender;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.ratelimit.RateLimitingHandler;
import dev.tgfsm.ratelimit.ThrottleNotifier;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.telegram.OutageNotices;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.timeout.IdleTimeoutTracker;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutPolicy;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * The notices sent without a handler, for a German user, through the real
 * {@link MessageSourceMessageResolver}: idle-timeout warnings (with plural forms) and expiry sent by
 * the scheduler in the language Telegram reported with the user's last update, the restart notice
 * in the language preference, the rate-limit and the outage notice in Telegram's language code, and
 * the delivery-failure notice (no user known after the commit) in the default language.
 */
class GermanNoticeTextsTests {

    private static final long BOT = 6;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults().withPreload(List.of(Preferences.DESTINY)), null,
            OutboxRelay.sendingThrough(telegram.client(), clock));

    private final MessageSourceMessageResolver messages = new MessageSourceMessageResolver(new StaticMessageSource());

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(UpdatePipeline.Builder pipeline) {
        UpdateHandler app = u -> {
            String text = u.update().getMessage().getText();
            u.context().setState("form:" + text);
            if (text.equals("prefers-german")) {
                new Preferences(u.context()).set(Preferences.LANGUAGE, "de");
            }
        };
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, pipeline.handler(app).build(),
                DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    @Test
    void theSchedulerWarnsAndExpiresInTheLanguageOfTheUsersLastUpdate() throws Exception {
        TimeoutConfig config = TimeoutConfig.builder().idle(Duration.ofMinutes(30)).warningBefore(Duration.ofMinutes(4))
                .build();
        start(UpdatePipeline.builder().timeouts(new IdleTimeoutTracker(new TimeoutPolicy(config, List.of(), List.of()),
                storage, clock)::handle));
        TimeoutScheduler scheduler = new TimeoutScheduler(contexts, config, clock);
        scheduler.setMessages(messages);
        send(german(20, "name"));
        send(updates.text(21, "name"));

        clock.advance(Duration.ofMinutes(26));
        assertThat(scheduler.runDue()).isEqualTo(2);
        assertThat(telegram.texts()).containsExactlyInAnyOrder(
                "Deine Sitzung l\u00e4uft wegen Inaktivit\u00e4t in 4 Minuten ab. Sende eine beliebige Nachricht, um sie aktiv zu halten.",
                "Your session will expire in 4 minutes due to inactivity. Send any message to keep it active.");
        clock.advance(Duration.ofMinutes(4));
        assertThat(scheduler.runDue()).isEqualTo(2);
        assertThat(telegram.texts()).contains("Deine Sitzung ist abgelaufen. Mit /start beginnst du von vorn.",
                "Your session expired. Use /start to begin again.");
    }

    @Test
    void oneMinuteLeftIsSingular() throws Exception {
        TimeoutConfig config = TimeoutConfig.builder().idle(Duration.ofMinutes(10)).warningBefore(Duration.ofMinutes(1))
                .build();
        start(UpdatePipeline.builder().timeouts(new IdleTimeoutTracker(new TimeoutPolicy(config, List.of(), List.of()),
                storage, clock)::handle));
        TimeoutScheduler scheduler = new TimeoutScheduler(contexts, config, clock);
        scheduler.setMessages(messages);
        send(german(22, "name"));
        send(updates.text(23, "name"));
        clock.advance(Duration.ofMinutes(9));
        assertThat(scheduler.runDue()).isEqualTo(2);
        assertThat(telegram.texts()).containsExactlyInAnyOrder(
                "Deine Sitzung l\u00e4uft wegen Inaktivit\u00e4t in einer Minute ab. Sende eine beliebige Nachricht, um sie aktiv zu halten.",
                "Your session will expire in 1 minute due to inactivity. Send any message to keep it active.");
    }

    @Test
    void theRestartNoticeFollowsTheLanguagePreference() throws Exception {
        start(UpdatePipeline.builder());
        send(updates.text(24, "prefers-german"));
        send(updates.text(25, "no preference"));
        telegram.reset();
        RestartNotifier notifier = new RestartNotifier(contexts, clock, Duration.ofHours(1),
                RestartNotifier.DEFAULT_TEXT);
        notifier.setMessages(messages);
        assertThat(notifier.notifyActive()).isEqualTo(2);
        assertThat(telegram.texts()).containsExactlyInAnyOrder("Der Bot wurde neu gestartet. Deine Sitzung wurde "
                + "wiederhergestellt. Du kannst dort weitermachen, wo du aufgeh\u00f6rt hast, oder mit /cancel von vorn beginnen.",
                RestartNotifier.DEFAULT_TEXT);
    }

    @Test
    void theRateLimitNoticeIsInTelegramsLanguageWithAPluralForm() throws Exception {
        RateLimitingHandler limit = new RateLimitingHandler(new RateLimiter(storage,
                RateLimitConfig.custom().limitForPeriod(1).period(Duration.ofMinutes(1)).build(), clock), storage,
                ThrottleNotifier.message(telegram.client()), null);
        limit.setMessages(messages);
        start(UpdatePipeline.builder().rateLimit(limit::handle));
        send(german(26, "one"));
        send(german(26, "two"));
        send(updates.text(27, "one"));
        send(updates.text(27, "two"));
        assertThat(telegram.texts()).containsExactly("Zu viele Anfragen. Bitte warte 60 Sekunden.",
                "Too many requests. Please wait 60 s.");
    }

    @Test
    void theOutageNoticeIsInTelegramsLanguage() {
        OutageNotices notices = new OutageNotices(bot -> telegram.client(), "The bot is temporarily unavailable. "
                + "Your message will be handled shortly.", OutboundLimiter.unlimited());
        notices.setMessages(messages);
        notices.storageUnavailable(german(28, "hallo"), StorageKey.of(BOT, 28, 28));
        notices.storageUnavailable(updates.text(29, "hello"), StorageKey.of(BOT, 29, 29));
        assertThat(telegram.texts()).containsExactly(
                "Der Bot ist vor\u00fcbergehend nicht erreichbar. Deine Nachricht wird in K\u00fcrze bearbeitet.",
                "The bot is temporarily unavailable. Your message will be handled shortly.");
    }

    @Test
    void theDeliveryFailureNoticeOfAnUnknownLanguageIsInTheDefaultLanguage() throws Exception {
        OutboxSender sender = OutboxSender.perBot(bot -> telegram.client(), OutboxConfig.ofDefaults());
        sender.setMessages(new MessageSourceMessageResolver(new StaticMessageSource(), Locale.GERMAN));
        FsmContexts sending = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null,
                new OutboxRelay(sender, clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, sending, u -> u.transaction().outbox()
                .send(SendMessage.builder().chatId(u.key().chatId()).text("Weiter?").build()),
                DispatcherConfig.ofDefaults().withThreads(1), null);
        telegram.failNext("sendMessage", "Bad Request: chat not found");
        send(updates.text(30, "hallo"));
        assertThat(telegram.texts()).as("the refused call, then the notice")
                .endsWith("Entschuldigung, etwas ist schiefgelaufen. Bitte versuche es erneut.");
    }

    @Test
    void theDeliveryFailureNoticeIsInTheLanguageStoredWithTheCall() throws Exception {
        OutboxSender sender = OutboxSender.perBot(bot -> telegram.client(), OutboxConfig.ofDefaults());
        sender.setMessages(new MessageSourceMessageResolver(new StaticMessageSource(), Locale.ENGLISH));
        FsmContexts sending = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null,
                new OutboxRelay(sender, clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, sending, u -> u.transaction().outbox()
                .send(SendMessage.builder().chatId(u.key().chatId()).text("Next?").build()),
                DispatcherConfig.ofDefaults().withThreads(1), null);
        telegram.failNext("sendMessage", "Bad Request: chat not found");
        send(german(31, "hallo"));
        telegram.failNext("sendMessage", "Bad Request: chat not found");
        send(updates.text(32, "hello"));
        assertThat(telegram.texts()).as("each refused call, then its notice in its user's language").containsExactly(
                "Next?",
                "Entschuldigung, etwas ist schiefgelaufen. Bitte versuche es erneut.", "Next?",
                "Sorry, something went wrong. Please try again.");
    }

    private Update german(long user, String text) {
        Update update = updates.text(user, text);
        update.getMessage().getFrom().setLanguageCode("de");
        return update;
    }

    private void send(Update update) throws Exception {
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
    }
}
