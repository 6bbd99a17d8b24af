package dev.tgfsm.telegram;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.tgfsm.servers.TestServer;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The set-up of the several-bots tests, registered with {@code @RegisterExtension}: two local Bot API
 * servers started for each test, one for the default bot ({@code tgfsm.bot}, {@value #MAIN_TOKEN})
 * and one for the bot {@code support} ({@code tgfsm.bots[0]}, {@value #SUPPORT_TOKEN}), and the
 * properties of an application serving both.
 */
final class TwoBots implements BeforeEachCallback, AfterEachCallback {

    static final String MAIN_TOKEN = "910001:main-bot-token";

    static final String SUPPORT_TOKEN = "920002:support-bot-token";

    static final Duration WAIT = Duration.ofSeconds(30);

    /** The default bot's Bot API server. */
    LocalBotApiServer main;

    /** The support bot's Bot API server. */
    LocalBotApiServer support;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        main = LocalBotApiServer.start();
        support = LocalBotApiServer.start();
    }

    /**
     * An application with the default bot on {@link #main}, the storage in memory, and the given
     * properties (add {@link #supportBot()} for the second bot).
     */
    SpringApplicationBuilder application(Class<?> application, WebApplicationType type, String... properties) {
        return new SpringApplicationBuilder(application).web(type)
                .properties("tgfsm.bot.token=" + MAIN_TOKEN, "tgfsm.bot.api-url=" + main.url(),
                        "tgfsm.storage.type=memory", "tgfsm.bot.polling.timeout=1s",
                        "tgfsm.dispatcher.shutdown-timeout=5s")
                .properties(properties);
    }

    /** The properties of the bot {@code support} on {@link #support}. */
    String[] supportBot() {
        return new String[]{"tgfsm.bots[0].name=support", "tgfsm.bots[0].token=" + SUPPORT_TOKEN,
                "tgfsm.bots[0].api-url=" + support.url()};
    }

    /** The properties of a store on the test Redis under its own key prefix. */
    static String[] redis(String prefix) {
        return new String[]{"tgfsm.storage.type=redis", "tgfsm.redis.prefix=" + prefix,
                "spring.data.redis.host=" + TestServer.REDIS.host(),
                "spring.data.redis.port=" + TestServer.REDIS.port(),
                "spring.data.redis.repositories.enabled=false"};
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (LocalBotApiServer api : new LocalBotApiServer[]{main, support}) {
            if (api != null) {
                api.close();
            }
        }
    }
}
