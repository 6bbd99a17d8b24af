package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.testing.EventJson;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * A {@link PerMessage} scene entered from a {@link PerMessage} button: each message with such
 * buttons is in the scene on its own, with its own data, while the chat's conversation stays outside.
 */
class PerMessageSceneTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class, Opener.class, PollScene.class);

    @Configuration(proxyBeanMethods = false)
    static class Telegram {
        @Bean
        RecordingTelegramClient recording() {
            return new RecordingTelegramClient(5, Clock.systemUTC());
        }

        @Bean
        TelegramClient telegramClient(RecordingTelegramClient recording) {
            return recording.client();
        }
    }

    @BotController
    static class Opener {
        private final SceneNavigator scenes;

        Opener(SceneNavigator scenes) {
            this.scenes = scenes;
        }

        @OnCallback(data = "open")
        @PerMessage
        public void open(UpdateContext update) throws Exception {
            scenes.enter(update, "poll", Map.of("votes", 0));
        }

        @OnMessage
        public String outside(FsmContext context) {
            return "outside, state " + context.getState();
        }
    }

    @BotScene("poll")
    @PerMessage
    static class PollScene {
        @OnCallback(prefix = "vote:")
        public String vote(FsmContext context, StorageKey key) {
            int votes = (Integer) context.getData().get("votes") + 1;
            context.updateData("votes", votes);
            return "message " + key.messageScope() + " has " + votes + " vote(s)";
        }
    }

    @Test
    void eachMessageIsInTheSceneOnItsOwnWhileTheChatStaysOutside() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
            String chat = EventJson.chat(41, "private");
            for (String json : List.of(EventJson.callback("1", chat, 41, 100, "open"),
                    EventJson.callback("2", chat, 41, 200, "open"),
                    EventJson.callback("3", chat, 41, 100, "vote:a"), EventJson.callback("4", chat, 41, 100, "vote:b"),
                    EventJson.callback("5", chat, 41, 200, "vote:a"),
                    EventJson.message("message", chat, 41, "\"text\":\"hi\""))) {
                dispatcher.submit(JSON.readValue(json, Update.class)).get(10, TimeUnit.SECONDS);
            }
            assertThat(telegram.calls().stream().filter(c -> c.is("sendMessage")).map(c -> c.text()).toList())
                    .containsExactly("message 100 has 1 vote(s)", "message 100 has 2 vote(s)",
                            "message 200 has 1 vote(s)",
                            "outside, state null");
        });
    }
}
