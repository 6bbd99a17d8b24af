package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.tgfsm.dispatch.OddUpdates;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Bad input through the Bot API, with the real TelegramBots long-polling client against the local
 * server: every update kind a bot has no handler for (reactions, boosts, business events, channel
 * posts and their edits, polls, paid media, a kind nobody knows yet), and callbacks routed and not,
 * each between two good messages. The bot answers the good messages, never posts the fallback where
 * it does not belong (not into the channel, not for reactions or business events), answers every
 * callback query, and logs no ERROR.
 */
class BadInputEndToEndIT {

    private static final String TOKEN = "999000:e2e-bad-input-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final long USER = 701;

    private LocalBotApiServer api;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        root().detachAppender(logs);
        api.close();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void updatesNobodyHandlesAreIgnoredQuietlyAndEveryCallbackIsAnswered() {
        try (ConfigurableApplicationContext bot = startApplication()) {
            logs.start();
            root().addAppender(logs);
            int ping = 0;
            api.enqueueMessage(USER, "/ping " + ping++);
            List<String> expected = new ArrayList<>(List.of("pong 0"));
            for (Map.Entry<String, Map<String, Object>> odd : OddUpdates.all(USER).entrySet()) {
                api.enqueue(odd.getValue());
                api.enqueueMessage(USER, "/ping " + ping);
                expected.add("pong " + ping++);
            }
            api.enqueueJson("{\"some_kind_from_2030\": {\"chat\": {\"id\": " + USER + ", \"type\": \"private\"}}}");
            api.enqueueMessage(USER, "/ping " + ping);
            expected.add("pong " + ping++);
            api.enqueueCallback(USER, 1, "stale-button");
            expected.add(BadInputController.NOT_UNDERSTOOD);
            api.enqueueMessage(USER, "/ping " + ping);
            expected.add("pong " + ping++);
            api.enqueueCallback(USER, 2, "known");
            expected.add("pressed");
            api.enqueueMessage(USER, "/ping " + ping);
            expected.add("pong " + ping);

            api.awaitText(USER, "pong " + ping, WAIT);

            assertThat(api.texts(USER)).containsExactlyElementsOf(expected);
            assertThat(api.requests("sendMessage")).as("nothing is posted anywhere else, not into the channel")
                    .allMatch(r -> String.valueOf(USER).equals(r.param("chat_id")));
            List<LocalBotApiServer.Request> answers = api.requests("answerCallbackQuery");
            assertThat(answers).as("every callback query is answered once").hasSize(2);
            assertThat(answers).extracting(r -> r.param("callback_query_id")).doesNotHaveDuplicates();
            assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .as("no ERROR lines").isEmpty();
        }
    }

    private ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(BadInputApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "spring.data.redis.repositories.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
                .run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(BadInputController.class)
    static class BadInputApplication {
    }
}
