package dev.tgfsm.test;

import java.time.Clock;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmBotsAutoConfiguration;
import dev.tgfsm.autoconfigure.KeyProperties;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.autoconfigure.telegram.FsmTelegramAutoConfiguration;
import dev.tgfsm.autoconfigure.telegram.FsmWebhookAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * What {@link FsmBotTest} adds to the application: the recorder as the primary
 * {@link TelegramClient}, a {@link MutableClock} as tgfsm's clock and the {@link BotTester}. It runs
 * before tgfsm's own auto-configurations, which then find the client (no OkHttp client is made) and
 * the clock. With further bots ({@code tgfsm.bots}) the application's client is tgfsm's routing
 * client instead, sending through a recorder per bot, and the further bots neither poll nor register
 * a webhook ({@link FsmBotTestFleet}).
 */
@AutoConfiguration(before = {FsmAutoConfiguration.class, FsmTelegramAutoConfiguration.class,
        FsmWebhookAutoConfiguration.class, FsmMiddlewareAutoConfiguration.class, FsmTimeoutAutoConfiguration.class,
        FsmBotsAutoConfiguration.class})
public class FsmBotTestAutoConfiguration {

    /** The id the recorder's {@code getMe} answers with. */
    static final long BOT_ID = 1;

    /** Where the test clock starts: a fixed instant, so runs are repeatable. */
    static final Instant START = Instant.parse("2026-01-01T09:00:00Z");

    @Bean(name = FsmAutoConfiguration.CLOCK_BEAN_NAME, defaultCandidate = false)
    @ConditionalOnMissingBean(name = FsmAutoConfiguration.CLOCK_BEAN_NAME)
    MutableClock fsmClock() {
        return MutableClock.at(START);
    }

    @Bean
    @Primary
    RecordingTelegramClient fsmTestTelegram(@Qualifier(FsmAutoConfiguration.CLOCK_BEAN_NAME) Clock clock) {
        return new RecordingTelegramClient(BOT_ID, clock);
    }

    @Bean
    static FsmBotTestFleet fsmBotTestFleet(ObjectProvider<RecordingTelegramClient> recorder,
            ObjectProvider<BotProperties> properties,
            @Qualifier(FsmAutoConfiguration.CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
        return new FsmBotTestFleet(recorder, properties, clock);
    }

    /** The recorder's client; with further bots, tgfsm's routing client sends through the recorders. */
    @Bean
    @Primary
    @ConditionalOnExpression("'${tgfsm.bots[0].token:}'.isBlank()")
    TelegramClient fsmTestTelegramClient(RecordingTelegramClient recorder) {
        return recorder.client();
    }

    @Bean
    @ConditionalOnMissingBean
    BotTester fsmBotTester(UpdateDispatcher dispatcher, FsmContexts contexts, KeyProperties keyProperties,
            RecordingTelegramClient recorder, @Qualifier(FsmAutoConfiguration.CLOCK_BEAN_NAME) Clock clock,
            ObjectProvider<TimeoutScheduler> timeouts, FsmBotTestFleet testFleet, ObjectProvider<BotFleet> fleet,
            ObjectProvider<OutboxFlusher> flusher) {
        BotTester tester = new BotTester(dispatcher, contexts, keyProperties.getStrategy(), recorder, clock,
                timeouts.getIfUnique());
        tester.quietsBeforeTimeMoves(() -> flusher.ifAvailable(OutboxFlusher::stop));
        fleet.ifAvailable((bots) -> testFleet.addTo(tester, bots));
        return tester;
    }
}
