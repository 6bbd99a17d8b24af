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
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.SubFlowCancel;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/** {@link After} on scene and controller handlers, its start-up checks, and the sub-flow properties. */
class AfterActionTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class);

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
        @OnCommand("cart")
        @After(goTo = "cart")
        public String open() {
            return "opening";
        }
    }

    @BotScene("cart")
    static class Cart {
        @OnEnter
        public String entered() {
            return "cart";
        }

        @OnText(pattern = "pay")
        @After(goTo = "paid")
        public String pay() {
            return "paying";
        }
    }

    @BotScene(value = "paid", resetHistoryOnEnter = true)
    static class Paid {
        @OnEnter
        public String entered() {
            return "paid";
        }

        @OnText(pattern = "undo")
        @After(back = true)
        public String undo() {
            return "undoing";
        }

        @OnText(pattern = "done")
        @After(exit = true)
        public String done() {
            return "bye";
        }
    }

    @BotScene("typo")
    static class Typo {
        @OnText(pattern = "x")
        @After(goTo = "kart")
        public void x() {
        }
    }

    @BotScene("twice")
    static class Twice {
        @OnText(pattern = "x")
        @After(goTo = "twice", exit = true)
        public void x() {
        }
    }

    @BotScene("calls")
    static class Calls {
        @OnText(pattern = "x")
        @After(callFlow = "adress")
        public void x() {
        }
    }

    @BotScene("shop")
    static class Shop {
        @OnEnter
        public String entered() {
            return "shop";
        }

        @OnText(pattern = "pick")
        @After(callScene = "color", result = "color")
        public String pick() {
            return "picking";
        }

        @OnBack
        public String back(dev.tgfsm.context.FsmContext context) {
            return "back with " + context.getData().get("color");
        }
    }

    @BotScene("color")
    static class Color {
        private final org.springframework.beans.factory.ObjectProvider<SceneNavigator> scenes;

        Color(org.springframework.beans.factory.ObjectProvider<SceneNavigator> scenes) {
            this.scenes = scenes;
        }

        @OnEnter
        public String entered() {
            return "which color?";
        }

        @OnText(pattern = "red|blue")
        public void chosen(UpdateContext update) throws Exception {
            scenes.getObject().finish(update, Map.of("name", update.update().getMessage().getText()));
        }
    }

    @BotController
    static class ToShop {
        @OnCommand("shop")
        @After(goTo = "shop")
        public void open() {
        }
    }

    @BotScene("callsTypo")
    static class CallsTypo {
        @OnText(pattern = "x")
        @After(callScene = "colour")
        public void x() {
        }
    }

    @BotController
    static class Starts {
        @OnCommand("rate")
        @After(startFlow = "rating")
        public String rate() {
            return "Let us rate";
        }
    }

    @BotController
    static class StartsTypo {
        @OnCommand("rate")
        @After(startFlow = "ratin")
        public void rate() {
        }
    }

    private static List<String> play(UpdateDispatcher dispatcher, RecordingTelegramClient telegram, long user,
            String... inputs) throws Exception {
        int before = telegram.calls().size();
        for (String input : inputs) {
            dispatcher.submit(UPDATES.text(user, input)).get(10, TimeUnit.SECONDS);
        }
        return telegram.calls().subList(before, telegram.calls().size()).stream()
                .filter(c -> c.is("sendMessage")).map(c -> c.text()).toList();
    }

    @Test
    void handlersGoToGoBackAndExitAfterTheyRan() {
        runner.withUserConfiguration(Entry.class, Cart.class, Paid.class).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
            FsmContexts contexts = context.getBean(FsmContexts.class);
            StorageKey key = StorageKey.of(5, 41, 41);
            assertThat(play(dispatcher, telegram, 41, "/cart", "pay")).containsExactly("opening", "cart", "paying",
                    "paid");
            assertThat(contexts.writeThrough(key).getState()).isEqualTo("scene:paid");
            assertThat(contexts.writeThrough(key.withDestiny(HistoryManager.DEFAULT_DESTINY)).getData()).isEmpty();
            assertThat(play(dispatcher, telegram, 41, "undo")).containsExactly("undoing");
            assertThat(contexts.writeThrough(key).getState()).isNull();
            play(dispatcher, telegram, 41, "/cart", "pay");
            assertThat(play(dispatcher, telegram, 41, "done")).containsExactly("bye");
            assertThat(contexts.writeThrough(key).getState()).isNull();
        });
    }

    @Test
    void anUnknownSceneInAnAfterActionFailsTheStartUp() {
        runner.withUserConfiguration(Entry.class, Cart.class, Paid.class, Typo.class).run(context -> assertThat(context)
                .hasFailed().getFailure().isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("@After on Handler method Typo.x() names scene 'kart', which does not exist;"
                        + " known scenes: [cart, paid, typo]"));
    }

    @Test
    void twoActionsOrAnUnknownFlowFailTheStartUp() {
        runner.withUserConfiguration(Twice.class).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining(
                        "sets 2 actions; set exactly one of goTo, back, exit, callFlow, callScene and startFlow"));
        runner.withUserConfiguration(Calls.class).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("calls flow 'adress', which does not exist; known flows: []"));
    }

    @Test
    void aSceneCallsASceneAfterItRanAndGetsItsResultBack() {
        runner.withUserConfiguration(ToShop.class, Shop.class, Color.class).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
            assertThat(play(dispatcher, telegram, 43, "/shop", "pick")).containsExactly("shop", "picking",
                    "which color?");
            assertThat(play(dispatcher, telegram, 43, "red")).containsExactly("back with {name=red}");
            assertThat(context.getBean(FsmContexts.class).writeThrough(StorageKey.of(5, 43, 43)).getState())
                    .isEqualTo("scene:shop");
        });
        runner.withUserConfiguration(CallsTypo.class).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("names scene 'colour', which does not exist"));
    }

    @Test
    void aHandlerStartsAFlowAfterItRan() {
        runner.withUserConfiguration(Starts.class)
                .withBean("rating", Flow.class,
                        () -> Flow.builder("rating").ask("stars", "Stars?", "stars", null, null).build())
                .run(context -> {
                    UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
                    RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
                    StorageKey key = StorageKey.of(5, 42, 42);
                    assertThat(play(dispatcher, telegram, 42, "/rate")).containsExactly("Let us rate", "Stars?");
                    assertThat(context.getBean(FsmContexts.class).writeThrough(key).getState())
                            .isEqualTo("rating:stars");
                });
        runner.withUserConfiguration(StartsTypo.class).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("starts flow 'ratin', which does not exist; known flows: []"));
    }

    @Test
    void subFlowPropertiesConfigureTheEngine() {
        runner.withBean("address", Flow.class,
                () -> Flow.builder("address").ask("city", "City?", "city", null, null).build())
                .withPropertyValues("tgfsm.flows.sub-flow-cancel=all", "tgfsm.flows.max-call-depth=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tgfsm.flows.max-call-depth must be at least 1, was 0"));
        runner.withPropertyValues("tgfsm.flows.sub-flow-cancel=all")
                .run(context -> assertThat(context).hasSingleBean(FlowEngine.class));
        assertThat(SubFlowCancel.valueOf("ALL")).isEqualTo(SubFlowCancel.ALL);
    }
}
