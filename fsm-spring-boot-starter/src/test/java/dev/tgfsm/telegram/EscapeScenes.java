package dev.tgfsm.telegram;

import java.util.Map;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.BotScene;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnEnter;
import dev.tgfsm.annotation.OnLeave;
import dev.tgfsm.annotation.OnText;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.scene.SceneNavigator;

/**
 * Two scenes for the escape commands' end-to-end test: in {@code shop} the escapes work as in any
 * state; {@code quiz} declares its own {@code /cancel}, which takes the escape over there.
 */
@BotController
public class EscapeScenes {

    private final SceneNavigator scenes;

    EscapeScenes(SceneNavigator scenes) {
        this.scenes = scenes;
    }

    /**
     * Enters the shop.
     *
     * @param update the update
     * @throws Exception from the scene's hooks
     */
    @OnCommand("shop")
    public void shop(UpdateContext update) throws Exception {
        scenes.enter(update, "shop", Map.of());
    }

    /**
     * Enters the quiz.
     *
     * @param update the update
     * @throws Exception from the scene's hooks
     */
    @OnCommand("quiz")
    public void quiz(UpdateContext update) throws Exception {
        scenes.enter(update, "quiz", Map.of());
    }

    /** A scene where the escapes work as everywhere. */
    @BotScene("shop")
    public static class Shop {

        /** @return the greeting */
        @OnEnter
        public String entered() {
            return "In the shop";
        }

        /** @param text what was said @return the echo */
        @OnText
        public String text(String text) {
            return "shop heard " + text;
        }

        /** @return the leave notice, which the escapes skip as /reset does */
        @OnLeave
        public String left() {
            return "Left the shop";
        }
    }

    /** A scene with a /cancel of its own. */
    @BotScene("quiz")
    public static class Quiz {

        /** @return the greeting */
        @OnEnter
        public String entered() {
            return "Quiz time";
        }

        /** @return the scene's own answer to /cancel */
        @OnCommand("cancel")
        public String cancel() {
            return "No quitting the quiz; /start leaves it";
        }
    }
}
