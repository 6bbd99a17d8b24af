package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

class AnnotatedSceneTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class, Entry.class, MenuScene.class, DetailScene.class);

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
    static class Entry {
        private final SceneNavigator scenes;

        Entry(SceneNavigator scenes) {
            this.scenes = scenes;
        }

        @OnCommand("menu")
        public void open(UpdateContext update) throws Exception {
            scenes.enter(update, "menu", Map.of("opened", true));
        }

        @OnMessage
        public String outside(@Text String text) {
            return "outside: " + text;
        }
    }

    @BotScene("menu")
    static class MenuScene {
        private final SceneNavigator scenes;

        MenuScene(SceneNavigator scenes) {
            this.scenes = scenes;
        }

        @OnEnter
        public String entered() {
            return "menu entered";
        }

        @OnLeave
        public String left() {
            return "menu left";
        }

        @OnCallback(prefix = "go:")
        public void go(@CallbackData(afterPrefix = true) String to, UpdateContext update) throws Exception {
            scenes.goTo(update, to, Map.of());
        }

        @OnMessage
        public String text(@Text String text, dev.tgfsm.context.FsmContext context) {
            context.updateData("note", text);
            return "menu got " + text;
        }
    }

    @BotScene(value = "detail", resetDataOnEnter = true)
    static class DetailScene {
        @OnEnter
        public String entered() {
            return "detail entered";
        }

        @OnBack
        public String back() {
            return "back in detail";
        }

        @OnMessage
        public String text(@Text String text) {
            return "detail got " + text;
        }
    }

    private static List<String> play(UpdateDispatcher dispatcher, RecordingTelegramClient telegram, long user,
            Object... inputs) throws Exception {
        int before = telegram.calls().size();
        for (Object input : inputs) {
            var update = input instanceof String s ? UPDATES.text(user, s)
                    : UPDATES.callback(user, (String) ((Object[]) input)[0]);
            dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        }
        return telegram.calls().subList(before, telegram.calls().size()).stream()
                .filter(c -> c.is("sendMessage")).map(c -> c.text()).toList();
    }

    @Test
    void sceneClassesRouteTheirOwnHandlersRunHooksAndGoBack() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
            FsmContexts contexts = context.getBean(FsmContexts.class);
            StorageKey key = StorageKey.of(5, 31, 31);
            assertThat(play(dispatcher, telegram, 31, "hello", "/menu", "note one"))
                    .containsExactly("outside: hello", "menu entered", "menu got note one");
            assertThat(contexts.writeThrough(key).getState()).isEqualTo("scene:menu");
            assertThat(play(dispatcher, telegram, 31, new Object[]{"go:detail"}, "x"))
                    .containsExactly("menu left", "detail entered", "detail got x");
            assertThat(contexts.writeThrough(key).getData()).isEmpty();
            assertThat(play(dispatcher, telegram, 31, "/back")).containsExactly("menu entered");
            assertThat(contexts.writeThrough(key).getData()).containsEntry("note", "note one").containsEntry("opened",
                    true);
            assertThat(play(dispatcher, telegram, 31, "/back")).containsExactly("menu left");
            assertThat(contexts.writeThrough(key).getState()).isNull();
        });
    }

    @BotScene("broken")
    static class BrokenScene {
        @OnEnter
        public void one() {
        }

        @OnEnter
        public void two() {
        }
    }

    @Test
    void twoEnterHooksFailTheStartUp() {
        runner.withUserConfiguration(BrokenScene.class).run(context -> assertThat(context).hasFailed()
                .getFailure().isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("has 2 @OnEnter methods"));
    }
}
