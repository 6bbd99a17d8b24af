package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.timeout.TimeoutConfig;

/**
 * The expiry notice on the next message, through TelegramBots' long polling against the local Bot
 * API server, on real Redis and PostgreSQL: a user leaves a conversation in a state, the bot stops,
 * the clock moves past the idle deadline (or past {@code tgfsm.ttl} with no idle timeout at all),
 * the bot starts again and the user's next message gets the expiry text first, once. The
 * scheduler's first poll is an hour away, so only the next message can tell.
 */
@RequiresServers({TestServer.REDIS, TestServer.POSTGRES})
class ExpiryNoticeEndToEndIT {

    private static final String TOKEN = "888002:e2e-expiry-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final MutableClock CLOCK = MutableClock.now();

    private static final String EXPIRED = TimeoutConfig.DEFAULT_EXPIRED_TEXT;

    private LocalBotApiServer api;

    private final List<String> tablePrefixes = new ArrayList<>();

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void redisIdleDeadlinePassedWhileTheBotWasDown() {
        tellsOnTheNextMessageOnce(801, redis(), "tgfsm.timeout.idle=30m", Duration.ofMinutes(31));
    }

    @Test
    void postgresIdleDeadlinePassedWhileTheBotWasDown() {
        tellsOnTheNextMessageOnce(802, postgres(), "tgfsm.timeout.idle=30m", Duration.ofMinutes(31));
    }

    @Test
    void redisTtlOnly() {
        tellsOnTheNextMessageOnce(803, redis(), "tgfsm.ttl=1h", Duration.ofMinutes(61));
    }

    @Test
    void postgresTtlOnly() {
        tellsOnTheNextMessageOnce(804, postgres(), "tgfsm.ttl=1h", Duration.ofMinutes(61));
    }

    private void tellsOnTheNextMessageOnce(long user, String[] storage, String expiry, Duration away) {
        try (ConfigurableApplicationContext first = startApplication(storage, expiry)) {
            api.enqueueMessage(user, "/form");
            api.awaitText(user, "Name?", WAIT);
        }
        CLOCK.advance(away);
        int pollsBefore = api.requests("getUpdates").size();
        try (ConfigurableApplicationContext second = startApplication(storage, expiry)) {
            api.awaitRequests("getUpdates", pollsBefore + 1, WAIT);
            api.enqueueMessage(user, "hi");
            api.awaitText(user, "Send /form", WAIT);
            api.enqueueMessage(user, "/form");
            api.awaitText(user, "Name?", WAIT);
            api.enqueueMessage(user, "Ann");
            api.awaitText(user, "City, Ann?", WAIT);
        }
        try {
            assertThat(api.texts(user)).containsExactly("Name?", EXPIRED, "Send /form", "Name?", "City, Ann?");
        }
        finally {
            for (String prefix : tablePrefixes) {
                org.springframework.jdbc.datasource.DriverManagerDataSource data = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                        TestServer.POSTGRES.url());
                new JdbcSchemaInitializer(data, prefix, null).drop();
            }
        }
    }

    private static String[] redis() {
        return TwoBots.redis("tgfsm-expiry-it-" + System.nanoTime() + ":");
    }

    private String[] postgres() {
        String prefix = "texp" + Long.toHexString(System.nanoTime()) + "_";
        tablePrefixes.add(prefix);
        return new String[]{"tgfsm.storage.type=jdbc", "spring.datasource.url=" + TestServer.POSTGRES.url(),
                "tgfsm.jdbc.initialize-schema=always", "tgfsm.jdbc.table-prefix=" + prefix,
                "spring.data.redis.repositories.enabled=false",
                "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"};
    }

    private ConfigurableApplicationContext startApplication(String[] storage, String expiry) {
        return new SpringApplicationBuilder(ExpiryApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                        "tgfsm.bot.username=tgfsm_e2e_bot", "tgfsm.timeout.poll-interval=1h", expiry)
                .properties(storage).run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(EscapeStatesController.class)
    static class ExpiryApplication {

        @Bean(FsmAutoConfiguration.CLOCK_BEAN_NAME)
        Clock fsmClock() {
            return CLOCK;
        }
    }
}
