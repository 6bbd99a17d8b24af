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
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.callback.CallbackPrefix;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * Typed callback data in a scene's handlers, with the whole auto-configuration: the record reaches
 * the scene's handler, a condition picks it, and stale data is answered with no reply at all.
 */
class TypedCallbackSceneTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class, Entry.class, CartScene.class);

    @CallbackPrefix("qty")
    record Quantity(String item, int count) {
    }

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

        @OnCommand("cart")
        public void open(UpdateContext update) throws Exception {
            scenes.enter(update, "cart", Map.of());
        }

        @Fallback
        public String fallback() {
            return "fallback";
        }
    }

    @BotScene("cart")
    static class CartScene {
        @OnCallback(type = Quantity.class, where = "count=0")
        public String remove(Quantity quantity) {
            return "removed " + quantity.item();
        }

        @OnCallback(type = Quantity.class)
        public String set(Quantity quantity) {
            return quantity.count() + " x " + quantity.item();
        }
    }

    @Test
    void sceneHandlersGetTheRecordAndStaleDataIsAnsweredWithoutAReply() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
            send(dispatcher, UPDATES.text(41, "/cart"));
            int before = telegram.calls().size();
            send(dispatcher, UPDATES.callback(41, CallbackCodec.packOf(new Quantity("tea: green", 2))));
            send(dispatcher, UPDATES.callback(41, CallbackCodec.packOf(new Quantity("tea: green", 0))));
            send(dispatcher, UPDATES.callback(41, "qty:tea:two"));
            send(dispatcher, UPDATES.callback(41, "qty:tea"));
            List<String> methods = telegram.calls().subList(before, telegram.calls().size()).stream()
                    .map(c -> c.method()).toList();
            List<String> texts = telegram.calls().subList(before, telegram.calls().size()).stream()
                    .filter(c -> c.is("sendMessage")).map(c -> c.text()).toList();
            assertThat(texts).containsExactly("2 x tea: green", "removed tea: green");
            assertThat(methods).filteredOn(m -> m.equalsIgnoreCase("answerCallbackQuery")).as("every press answered")
                    .hasSize(4);
        });
    }

    private static void send(UpdateDispatcher dispatcher, Update update) throws Exception {
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
    }
}
