package dev.tgfsm.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.CommandArgs;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Data beyond one conversation, end to end: the whole starter polling a local Bot API server
 * through the real TelegramBots client. A preference set in a private chat is seen in a group, a
 * chat's data is shared by the users of that group only, and the bot's data by everybody.
 */
class ScopesEndToEndIT {

    private static final String TOKEN = "889000:scopes-test-token";

    private static final long BOT = 889000;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final long ALICE = 701;

    private static final long BOB = 702;

    private static final long CAROL = 703;

    private static final long GROUP = -100701;

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void userDataFollowsTheUserChatDataIsSharedInTheChatAndBotDataByAll() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScopesApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.bot.polling.timeout=1s", "tgfsm.scopes.preload=user,chat,bot")
                .run()) {
            api.enqueueMessage(ALICE, "/lang de");
            api.awaitText(ALICE, "language de", WAIT);
            api.enqueueMessage(GROUP, ALICE, "/whoami");
            api.awaitText(GROUP, "language de", WAIT);
            api.enqueueMessage(GROUP, BOB, "/whoami");
            api.awaitText(GROUP, "language en", WAIT);

            api.enqueueMessage(GROUP, ALICE, "/rule no spam");
            api.awaitText(GROUP, "rule set", WAIT);
            api.enqueueMessage(GROUP, BOB, "/rules");
            api.awaitText(GROUP, "rule: no spam", WAIT);
            api.enqueueMessage(BOB, "/rules");
            api.awaitText(BOB, "rule: none", WAIT);

            api.enqueueMessage(ALICE, "/visit");
            api.awaitText(ALICE, "visits 1", WAIT);
            api.enqueueMessage(GROUP, BOB, "/visit");
            api.awaitText(GROUP, "visits 2", WAIT);
            api.enqueueMessage(CAROL, "/visit");
            api.awaitText(CAROL, "visits 3", WAIT);

            FsmStorage storage = app.getBean(FsmStorage.class);
            StorageKey aliceInGroup = StorageKey.of(BOT, GROUP, ALICE);
            assertThat(storage.load(DataScope.USER.keyOf(aliceInGroup)).data()).containsEntry("language", "de");
            assertThat(storage.load(DataScope.CHAT.keyOf(aliceInGroup)).data()).containsEntry("rule", "no spam");
            assertThat(storage.load(DataScope.BOT.keyOf(aliceInGroup)).data()).containsEntry("visits", 3);
            assertThat(api.texts(GROUP)).containsExactly("language de", "language en", "rule set", "rule: no spam",
                    "visits 2");
        }
    }

    /** Reads and writes the three scopes through the injected beans and the Director. */
    @BotController
    static class ScopesController {

        private final Preferences preferences;

        private final DataScopes scopes;

        ScopesController(Preferences preferences, DataScopes scopes) {
            this.preferences = preferences;
            this.scopes = scopes;
        }

        @OnCommand("lang")
        public void lang(@CommandArgs String language, Director director) {
            preferences.set(Preferences.LANGUAGE, language);
            director.reply("language " + language);
        }

        @OnCommand("whoami")
        public void whoami(Director director) {
            director.reply("language " + preferences.get(Preferences.LANGUAGE, String.class, "en"));
        }

        @OnCommand("rule")
        public void rule(@CommandArgs String rule, Director director) {
            scopes.chat().set("rule", rule);
            director.reply("rule set");
        }

        @OnCommand("rules")
        public void rules(Director director) {
            director.reply("rule: " + scopes.chat().get("rule", String.class, "none"));
        }

        @OnCommand("visit")
        public void visit(Director director) {
            director.reply("visits " + director.scopes().bot().increment("visits", 1));
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ScopesController.class)
    static class ScopesApplication {
    }
}
