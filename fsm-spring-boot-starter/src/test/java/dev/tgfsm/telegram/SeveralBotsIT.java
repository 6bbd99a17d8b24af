package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.scope.Director;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Two bots in one application ({@code tgfsm.bot} and {@code tgfsm.bots[0]}), each against its own
 * local Bot API server with its own token: each bot's updates reach the shared handlers, which tell
 * the bots apart by {@link BotIdentity}; replies, conversations (same user id in both), idle timeouts
 * and health stay each bot's own.
 */
class SeveralBotsIT {

    private static final String MAIN_TOKEN = TwoBots.MAIN_TOKEN;

    private static final String SUPPORT_TOKEN = TwoBots.SUPPORT_TOKEN;

    private static final Duration WAIT = TwoBots.WAIT;

    private static final MutableClock CLOCK = MutableClock.now();

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    private LocalBotApiServer main;

    private LocalBotApiServer support;

    @BeforeEach
    void servers() {
        main = bots.main;
        support = bots.support;
    }

    @Test
    void eachBotsUpdatesAreHandledAsItsOwnAndAnsweredThroughItsOwnToken() {
        try (ConfigurableApplicationContext context = start(bots.supportBot())) {
            main.enqueueMessage(5, "hello");
            support.enqueueMessage(5, "hello");
            main.awaitText(5, "default (910001): hello #1", WAIT);
            support.awaitText(5, "support (920002): hello #1", WAIT);
            main.enqueueMessage(5, "again");
            main.awaitText(5, "default (910001): again #2", WAIT);

            assertThat(main.requests("sendMessage")).hasSize(2)
                    .allSatisfy(r -> assertThat(r.token()).isEqualTo(MAIN_TOKEN));
            assertThat(support.requests("sendMessage")).as("one conversation per bot for the same user").hasSize(1)
                    .allSatisfy(r -> assertThat(r.token()).isEqualTo(SUPPORT_TOKEN));
            assertThat(context.getBean(FsmBots.class).bots()).extracting(BotIdentity::name)
                    .containsExactly("default", "support");
            HealthIndicator health = context.getBean("fsmIntakeHealthIndicator", HealthIndicator.class);
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
            assertThat(
                    ((Map<?, ?>) health.health(true).getDetails().get("bots")).keySet().stream().map(String::valueOf))
                    .containsExactlyInAnyOrder("default", "support");
        }
    }

    @Test
    void eachBotFiresItsOwnUsersTimeoutsThroughItsOwnToken() {
        try (ConfigurableApplicationContext context = start(bots.supportBot(),
                "tgfsm.timeout.idle=30m", "tgfsm.timeout.warning-before=5m", "tgfsm.timeout.poll-interval=1h")) {
            main.enqueueMessage(6, "hello");
            support.enqueueMessage(6, "hello");
            main.awaitText(6, "default (910001): hello #1", WAIT);
            support.awaitText(6, "support (920002): hello #1", WAIT);
            CLOCK.advance(Duration.ofMinutes(26));

            TimeoutScheduler supportTimeouts = context.getBean(BotFleet.class).members().get(0).timeouts();
            assertThat(supportTimeouts.runDue()).as("only the support bot's user").isEqualTo(1);
            support.awaitText(6,
                    "Your session will expire in 4 minutes due to inactivity. Send any message to keep it active.",
                    WAIT);
            assertThat(main.texts(6)).noneMatch(text -> text.startsWith("Your session"));

            assertThat(context.getBean(TimeoutScheduler.class).runDue()).as("the default bot's own").isEqualTo(1);
            main.awaitText(6,
                    "Your session will expire in 4 minutes due to inactivity. Send any message to keep it active.",
                    WAIT);
            assertThat(support.texts(6)).filteredOn(text -> text.startsWith("Your session")).hasSize(1);
        }
        finally {
            CLOCK.set(java.time.Instant.now());
        }
    }

    @Test
    void eachBotSendsItsOwnRestartNoticeThroughItsOwnToken() {
        String[] store = {"spring.datasource.url=jdbc:h2:mem:bots" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "tgfsm.storage.type=jdbc", "tgfsm.jdbc.initialize-schema=always", "tgfsm.restart-notice.enabled=true",
                "tgfsm.restart-notice.text=Back again"};
        try (ConfigurableApplicationContext first = start(bots.supportBot(), store)) {
            main.enqueueMessage(8, "hello");
            support.enqueueMessage(8, "hello");
            main.awaitText(8, "default (910001): hello #1", WAIT);
            support.awaitText(8, "support (920002): hello #1", WAIT);
        }
        try (ConfigurableApplicationContext second = start(bots.supportBot(), store)) {
            main.awaitText(8, "Back again", WAIT);
            support.awaitText(8, "Back again", WAIT);
            assertThat(main.texts(8)).containsExactly("default (910001): hello #1", "Back again");
            assertThat(support.texts(8)).containsExactly("support (920002): hello #1", "Back again");
            assertThat(main.requests("sendMessage")).allSatisfy(r -> assertThat(r.token()).isEqualTo(MAIN_TOKEN));
            assertThat(support.requests("sendMessage")).allSatisfy(r -> assertThat(r.token()).isEqualTo(SUPPORT_TOKEN));
        }
    }

    @Test
    void aFurtherBotWithoutATokenOrWithTheDefaultBotsIdFailsTheStartUp() {
        assertThatThrownBy(() -> start("tgfsm.bots[0].name=support", "tgfsm.bots[0].token=" + MAIN_TOKEN))
                .rootCause().isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("tgfsm.bots[0] has the name or bot id of another bot");
        assertThatThrownBy(() -> start("tgfsm.bots[0].token=" + SUPPORT_TOKEN))
                .rootCause().isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("tgfsm.bots[0] needs a name and a token");
    }

    private ConfigurableApplicationContext start(String[] further, String... properties) {
        return bots.application(TwoBotApplication.class, WebApplicationType.NONE, further).properties(properties).run();
    }

    private ConfigurableApplicationContext start(String... properties) {
        return start(properties, new String[0]);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(EchoController.class)
    static class TwoBotApplication {

        @Bean(FsmAutoConfiguration.CLOCK_BEAN_NAME)
        Clock fsmClock() {
            return CLOCK;
        }
    }

    /** Answers with the bot's name and id and the conversation's count of messages. */
    @BotController
    public static class EchoController {

        /**
         * Echoes.
         *
         * @param text the message
         * @param bot the bot it came to
         * @param context the conversation
         * @param director replies
         */
        @OnMessage
        public void echo(String text, BotIdentity bot, FsmContext context, Director director) {
            int count = ((Number) context.getData().getOrDefault("count", 0)).intValue() + 1;
            context.updateData("count", count);
            context.setState("chatting");
            director.reply(bot.name() + " (" + bot.id() + "): " + text + " #" + count);
        }
    }
}
