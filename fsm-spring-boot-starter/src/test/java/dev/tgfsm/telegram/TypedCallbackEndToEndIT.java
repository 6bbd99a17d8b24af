package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import dev.tgfsm.routing.Route;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Typed callback data through the real TelegramBots long-polling client against the local Bot API
 * server: a keyboard built from records is sent, its buttons are pressed with the data Telegram
 * echoed, the handlers get the records back (the separator and multibyte text in a value
 * round-trip), a field value picks the handler, and stale or malformed data is answered without
 * running any handler, not even the fallback.
 */
class TypedCallbackEndToEndIT {

    private static final String TOKEN = "999100:e2e-typed-callback-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final long USER = 702;

    private static final String TITLE = "Faust: Der Tragödie erster Teil";

    private LocalBotApiServer api;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        routeLogger().detachAppender(logs);
        routeLogger().setLevel(null);
        api.close();
    }

    private static Logger routeLogger() {
        return (Logger) LoggerFactory.getLogger(Route.class);
    }

    @Test
    void buttonsBuiltFromRecordsComeBackAsRecordsAndStaleDataRunsNoHandler() throws Exception {
        try (ConfigurableApplicationContext bot = startApplication()) {
            logs.start();
            routeLogger().addAppender(logs);
            routeLogger().setLevel(Level.DEBUG);
            api.enqueueMessage(USER, "/shelf");
            api.awaitText(USER, "Your shelf", WAIT);
            LocalBotApiServer.Request shelf = api.requests("sendMessage").get(0);
            List<String> data = callbackData(shelf.params().get("reply_markup"));
            assertThat(data).hasSize(2);
            int message = shelf.messageId();

            api.enqueueCallback(USER, message, data.get(0));
            api.awaitText(USER, "VIEW 7 " + TITLE + " (" + data.get(0) + ")", WAIT);
            api.enqueueCallback(USER, message, data.get(1));
            api.awaitText(USER, "deleted 7", WAIT);
            for (String stale : List.of("bk:DELETE:7", "bk:ARCHIVE:7:x", "bk:VIEW:seven:x", "bk:VIEW:7:50%")) {
                api.enqueueCallback(USER, message, stale);
            }
            api.enqueueMessage(USER, "/ping done");
            api.awaitText(USER, "pong done", WAIT);

            assertThat(api.texts(USER)).containsExactly("Your shelf",
                    "VIEW 7 " + TITLE + " (" + data.get(0) + ")", "deleted 7", "pong done");
            List<LocalBotApiServer.Request> answers = api.awaitRequests("answerCallbackQuery", 6, WAIT);
            assertThat(answers).as("every button is answered once, the stale ones too").hasSize(6)
                    .extracting(r -> r.param("callback_query_id")).doesNotHaveDuplicates();
            assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage).as("one warning per prefix and minute")
                    .singleElement()
                    .asString().contains("'bk:DELETE:7' does not fit BookAction: it has 2 value(s)");
            assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("no handler runs"))
                    .extracting(ILoggingEvent::getFormattedMessage).as("each stale button is logged once").hasSize(4)
                    .anyMatch(m -> m.contains("component action (Action) does not parse"))
                    .anyMatch(m -> m.contains("component id (Integer) does not parse"))
                    .anyMatch(m -> m.contains("bad escape"));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> callbackData(Object markup) throws Exception {
        Map<String, Object> keyboard = markup instanceof Map<?, ?> map ? (Map<String, Object>) map
                : new ObjectMapper().readValue(String.valueOf(markup), Map.class);
        List<List<Map<String, Object>>> rows = (List<List<Map<String, Object>>>) keyboard.get("inline_keyboard");
        return rows.stream().flatMap(List::stream).map(b -> (String) b.get("callback_data")).toList();
    }

    private ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(ShelfApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "spring.data.redis.repositories.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
                .run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(BookshelfController.class)
    static class ShelfApplication {
    }
}
