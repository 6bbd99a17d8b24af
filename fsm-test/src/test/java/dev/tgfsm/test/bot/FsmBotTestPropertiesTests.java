package dev.tgfsm.test.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.test.FsmBotTest;

/**
 * The kit's defaults win over the application's configuration (this module's test
 * {@code application.yml} asks for Redis and a token) and lose to the test's own properties.
 */
@FsmBotTest(properties = "tgfsm.bot.flood.enabled=true")
class FsmBotTestPropertiesTests {

    @Autowired
    Environment environment;

    @Autowired
    FsmStorage storage;

    @Autowired
    BotProperties bot;

    @Test
    void theKitsDefaultsWinOverTheApplicationsConfiguration() {
        assertThat(environment.getProperty("tgfsm.storage.type")).isEqualTo("memory");
        assertThat(storage).isInstanceOf(InMemoryFsmStorage.class);
        assertThat(environment.getProperty("tgfsm.bot.token")).isEmpty();
    }

    @Test
    void theTestsOwnPropertiesWinOverTheKitsDefaults() {
        assertThat(bot.getFlood().isEnabled()).isTrue();
    }
}
