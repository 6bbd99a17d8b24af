package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
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
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Bad webhook bodies on Tomcat and Spring MVC, with the real intake and a local Bot API server:
 * each malformed body (cut off, not JSON, trailing text after the object, a bad escape, JSON that
 * is not an update object, empty) and each body over {@code tgfsm.bot.webhook.max-body-size} (a
 * well-formed update that would otherwise be handled) is answered {@code 400}, reaches no handler,
 * sends nothing, and leaves exactly one WARN line from the intake (nothing else from any logger at
 * WARN or above, nothing more from the intake even at DEBUG), which never holds the body's text.
 */
class WebhookBadBodyLogIT {

    private static final String TOKEN = "888002:bad-body-token";

    private static final String SECRET = "bad_Body-Secret";

    /** Stands for the user's text: it must never reach a log. */
    private static final String USER_TEXT = "PrivateUserText";

    private static final int MAX_BODY = 1024;

    private static final int N = 6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AtomicInteger handled = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private LocalBotApiServer api;

    private ConfigurableApplicationContext app;

    @BeforeEach
    void start() throws Exception {
        handled.set(0);
        api = LocalBotApiServer.start();
        app = new SpringApplicationBuilder(CountingApplication.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                        "tgfsm.storage.type=memory", "tgfsm.bot.webhook.enabled=true",
                        "tgfsm.bot.webhook.secret-token=" + SECRET, "tgfsm.bot.webhook.max-body-size=" + MAX_BODY + "B")
                .run();
    }

    @AfterEach
    void stop() {
        root().detachAppender(logs);
        logger(WebhookIntake.class).setLevel(null);
        logger(UpdateParser.class).setLevel(null);
        app.close();
        api.close();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Logger logger(Class<?> type) {
        return (Logger) LoggerFactory.getLogger(type);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + app.getEnvironment().getProperty("local.server.port") + "/telegram/webhook"))
                .header("Content-Type", "application/json").header(WebhookIntake.SECRET_HEADER, SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String update(int id, String text) throws Exception {
        return JSON.writeValueAsString(TestUpdates.messageJson(id, 4242, text));
    }

    private static List<String> malformed(int i) throws Exception {
        String text = USER_TEXT + "-" + i;
        String whole = update(1000 + i, text);
        return List.of(whole.substring(0, whole.length() / 2),
                text + " is not JSON",
                whole + " " + text,
                whole.replace(text, text + "\\u00zz"),
                whole.replace("\"" + text + "\"", "'" + text + "'"),
                "[\"" + text + "\"]",
                "\"" + text + "\"",
                "{\"message\": {\"text\": \"" + text + "\"}}",
                "");
    }

    private static String oversized(int i) throws Exception {
        String body = update(2000 + i, (USER_TEXT + "-" + i + " ").repeat(MAX_BODY / 10));
        assertThat(body.length()).isGreaterThan(MAX_BODY);
        return body;
    }

    @Test
    void everyBadBodyIs400WithOneWarnLineWithoutItsTextAndNothingHandled() throws Exception {
        logger(WebhookIntake.class).setLevel(Level.DEBUG);
        logger(UpdateParser.class).setLevel(Level.DEBUG);
        logs.start();
        root().addAppender(logs);

        List<String> bad = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            bad.addAll(malformed(i));
            bad.add(oversized(i));
        }
        int posts = 0;
        for (String body : bad) {
            HttpResponse<String> answer = post(body);
            posts++;
            assertThat(answer.statusCode()).as("answer to %s", body).isEqualTo(400);
            List<ILoggingEvent> fromIntake = logs.list.stream()
                    .filter(e -> e.getLoggerName().equals(WebhookIntake.class.getName())).toList();
            assertThat(fromIntake).as("one line for each bad post, after %s", body).hasSize(posts);
        }
        assertThat(posts).isEqualTo(N * 10);

        List<ILoggingEvent> events = List.copyOf(logs.list);
        List<ILoggingEvent> fromIntake = events.stream()
                .filter(e -> e.getLoggerName().equals(WebhookIntake.class.getName())).toList();
        assertThat(fromIntake).hasSize(posts).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
        assertThat(fromIntake.stream().filter(e -> e.getFormattedMessage().contains("over " + MAX_BODY + " bytes")))
                .as("the oversized ones say so").hasSize(N);
        assertThat(events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)))
                .as("no other warning from any logger").hasSize(posts);
        assertThat(events.stream().filter(e -> e.getLoggerName().equals(UpdateParser.class.getName())))
                .as("nothing got as far as parsing an update").isEmpty();
        assertThat(events).as("no user text in any log line").noneSatisfy(e -> assertThat(text(e)).contains(USER_TEXT));

        assertThat(handled).as("nothing was dispatched").hasValue(0);
        assertThat(api.requests("sendMessage")).as("nothing was sent").isEmpty();

        HttpResponse<String> good = post(update(3000, "fine"));
        assertThat(good.statusCode()).as("a good update still goes through").isEqualTo(200);
        assertThat(handled).hasValue(1);
        assertThat(api.requests("sendMessage")).hasSize(1);
    }

    private static String text(ILoggingEvent event) {
        StringBuilder all = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        return all.toString();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class CountingApplication {

        @Bean
        UpdateHandler counting() {
            return u -> {
                handled.incrementAndGet();
                u.context().setState("seen");
                u.transaction().outbox().send(SendMessage.builder().chatId(u.update().getMessage().getChatId())
                        .text("seen").build());
            };
        }
    }
}
