package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.BotScene;
import dev.tgfsm.annotation.ForBot;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnEnter;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.annotation.OnUpdate;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.scene.SceneNavigator;

/**
 * A {@code @BotScene} bound to one bot with {@code @ForBot}, in an application serving two, each polling
 * its own local Bot API server: the support bot's updates enter it and are handled in it; a main
 * bot's update that tries to enter it fails and leaves the conversation outside; only the support
 * bot asks for the scene's kinds; an unknown bot on the scene, or a method of the scene bound to
 * another bot, fails the start-up.
 */
class SeveralBotsScenesIT {

    private static final long USER = 6;

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    private ConfigurableApplicationContext start(Class<?> application) {
        return bots.application(application, WebApplicationType.NONE, bots.supportBot()).run();
    }

    @Test
    void onlyTheBoundBotsUpdatesEnterTheScene() {
        try (ConfigurableApplicationContext app = start(SceneApplication.class)) {
            bots.support.enqueueMessage(USER, "/desk");
            bots.support.awaitText(USER, "desk open", TwoBots.WAIT);
            bots.support.enqueueMessage(USER, "hello");
            bots.support.awaitText(USER, "support: in desk", TwoBots.WAIT);

            bots.main.enqueueMessage(USER, "/desk");
            bots.main.enqueueMessage(USER, "hello");
            bots.main.awaitText(USER, "default: outside", TwoBots.WAIT);

            assertThat(bots.main.texts(USER)).as("the failed entry left the conversation outside")
                    .containsExactly("default: outside");
            assertThat(bots.support.texts(USER)).containsExactly("desk open", "support: in desk");
            assertThat(bots.main.allowedUpdates(TwoBots.WAIT)).containsExactlyInAnyOrder("message", "callback_query");
            assertThat(bots.support.allowedUpdates(TwoBots.WAIT))
                    .containsExactlyInAnyOrder("message", "callback_query", "inline_query");
        }
    }

    @Test
    void anUnknownBotOnASceneOrAMethodAgainstItsSceneFailsTheStartUp() {
        assertThatThrownBy(() -> start(UnknownSceneBotApplication.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("@ForBot(\"sales\") on @BotScene SalesScene names no bot of this application;"
                        + " the bots are [default, support]");
        assertThatThrownBy(() -> start(ContradictionApplication.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("@ForBot(\"default\") on ")
                .hasMessageContaining("contradicts its scene's @ForBot(\"support\")");
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Entry.class, DeskScene.class})
    static class SceneApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SalesScene.class)
    static class UnknownSceneBotApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(MainMethodInSupportScene.class)
    static class ContradictionApplication {
    }

    /** Enters the desk scene; answers outside it. */
    @BotController
    public static class Entry {

        private final SceneNavigator scenes;

        /**
         * Creates the controller.
         *
         * @param scenes the scene engine
         */
        public Entry(SceneNavigator scenes) {
            this.scenes = scenes;
        }

        /**
         * Enters the desk.
         *
         * @param update the update
         * @throws Exception when the scene cannot be entered
         */
        @OnCommand("desk")
        public void desk(UpdateContext update) throws Exception {
            scenes.enter(update, "desk", Map.of());
        }

        /**
         * Any other message outside the scene.
         *
         * @param bot the bot the update came to
         * @return the reply
         */
        @OnMessage
        public String outside(BotIdentity bot) {
            return bot.name() + ": outside";
        }
    }

    /** The support bot's desk. */
    @ForBot("support")
    @BotScene("desk")
    public static class DeskScene {

        /**
         * Greets on entry.
         *
         * @return the reply
         */
        @OnEnter
        public String enter() {
            return "desk open";
        }

        /**
         * A message inside.
         *
         * @param bot the bot the update came to
         * @return the reply
         */
        @OnMessage
        public String inside(BotIdentity bot) {
            return bot.name() + ": in desk";
        }

        /**
         * Inline queries, asked for by the support bot only.
         */
        @OnUpdate(kind = UpdateKind.INLINE_QUERY)
        public void inline() {
        }
    }

    /** A scene bound to a bot that is not configured. */
    @ForBot("sales")
    @BotScene("sales")
    public static class SalesScene {

        /**
         * Never routed.
         *
         * @return the reply
         */
        @OnMessage
        public String sell() {
            return "sold";
        }
    }

    /** A method bound to another bot than its scene. */
    @ForBot("support")
    @BotScene("support-only")
    public static class MainMethodInSupportScene {

        /**
         * Never routed.
         *
         * @return the reply
         */
        @ForBot(BotController.DEFAULT_BOT)
        @OnMessage
        public String sell() {
            return "sold";
        }
    }
}
