package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * A group becoming a supergroup, end to end through the real TelegramBots client and a local Bot API
 * server: two users are mid-flow in the group, Telegram sends {@code migrate_to_chat_id} in the old
 * chat and {@code migrate_from_chat_id} in the new one (the latter twice), and both users finish their
 * flow in the supergroup where they left it.
 */
class ChatMigrationEndToEndIT {

    private static final String TOKEN = "616000:migration-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final long GROUP = -4100;

    private static final long SUPERGROUP = -1004100;

    private LocalBotApiServer api;

    private ConfigurableApplicationContext app;

    private void start(boolean migrations) throws Exception {
        api = LocalBotApiServer.start();
        app = new SpringApplicationBuilder(FlowApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.chat-migration.enabled=" + migrations)
                .run();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private void midFlowInTheGroupThenUpgraded() {
        say(GROUP, "group", 7, "/start");
        api.awaitText(GROUP, "What is your name?", WAIT);
        say(GROUP, "group", 7, "Alice");
        api.awaitText(GROUP, "How old are you, Alice?", WAIT);
        say(GROUP, "group", 8, "/start");
        api.awaitText(GROUP, "What is your name?", WAIT);
        say(GROUP, "group", 8, "Bob");
        api.awaitText(GROUP, "How old are you, Bob?", WAIT);

        api.enqueue(groupMessage(GROUP, "group", 7, Map.of("migrate_to_chat_id", SUPERGROUP)));
        api.enqueue(groupMessage(SUPERGROUP, "supergroup", 7, Map.of("migrate_from_chat_id", GROUP)));
        api.enqueue(groupMessage(SUPERGROUP, "supergroup", 7, Map.of("migrate_from_chat_id", GROUP)));
    }

    private static Map<String, Object> groupMessage(long chatId, String type, long userId,
            Map<String, Object> content) {
        Map<String, Object> chat = new LinkedHashMap<>(Map.of("id", chatId, "type", type, "title", "Team"));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", (int) (Math.abs(chatId) % 1000) + content.hashCode() % 1000 + 2000);
        message.put("from", Map.of("id", userId, "is_bot", false, "first_name", "User" + userId));
        message.put("chat", chat);
        message.put("date", Instant.now().getEpochSecond());
        message.putAll(content);
        return Map.of("message", message);
    }

    private void say(long chat, String type, long user, String text) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("text", text);
        if (text.startsWith("/")) {
            content.put("entities",
                    java.util.List.of(Map.of("type", "bot_command", "offset", 0, "length", text.length())));
        }
        api.enqueue(groupMessage(chat, type, user, content));
    }

    @Test
    void usersMidFlowInAGroupContinueInTheSupergroup() throws Exception {
        start(true);
        midFlowInTheGroupThenUpgraded();
        say(SUPERGROUP, "supergroup", 7, "30");
        api.awaitText(SUPERGROUP, "Thanks, Alice (30)", WAIT);
        say(SUPERGROUP, "supergroup", 8, "40");
        api.awaitText(SUPERGROUP, "Thanks, Bob (40)", WAIT);

        assertThat(api.texts(SUPERGROUP)).containsExactly("Thanks, Alice (30)", "Thanks, Bob (40)");
        assertThat(api.texts(GROUP)).as("nothing more went to the dead chat").hasSize(4);
        FsmStorage storage = app.getBean(FsmStorage.class);
        long bot = 616000;
        assertThat(storage.load(StorageKey.of(bot, GROUP, 7)).exists()).isFalse();
        assertThat(storage.load(StorageKey.of(bot, GROUP, 8)).exists()).isFalse();
    }

    @Test
    void withMigrationsOffTheSupergroupStartsAfresh() throws Exception {
        start(false);
        midFlowInTheGroupThenUpgraded();
        say(SUPERGROUP, "supergroup", 7, "30");
        api.awaitText(SUPERGROUP, "Send /start to begin", WAIT);

        FsmStorage storage = app.getBean(FsmStorage.class);
        assertThat(storage.getState(StorageKey.of(616000, GROUP, 7))).as("left behind in the dead chat")
                .isEqualTo(ThreeStepFlow.AGE);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class FlowApplication {

        @Bean
        UpdateHandler threeStepFlow(TelegramClient client) {
            return new ThreeStepFlow(client);
        }
    }
}
