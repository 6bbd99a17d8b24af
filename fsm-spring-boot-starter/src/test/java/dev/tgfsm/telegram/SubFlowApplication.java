package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.tgfsm.annotation.After;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.BotScene;
import dev.tgfsm.annotation.OnBack;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnEnter;
import dev.tgfsm.annotation.OnText;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.FlowNode;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.scope.Director;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * A bot whose {@code checkout} flow calls an {@code address} sub-flow, whose {@code shop} scene
 * calls the same sub-flow with {@link After#callFlow}, and whose {@code gift} flow calls the
 * {@code wrapping} scene and then a validated {@code quantity} sub-flow; the called {@code wrapping}
 * scene may go on to the {@code ribbon} scene with {@link After#goTo}, which finishes the call. Used by
 * the sub-flow end-to-end tests.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({SubFlowApplication.Commands.class, SubFlowApplication.Shop.class, SubFlowApplication.Wrapping.class,
        SubFlowApplication.Ribbon.class})
public class SubFlowApplication {

    /** How long a test waits for the bot's replies. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    @Bean
    Flow address() {
        return Flow.builder("address")
                .ask("street", "Street?", "street", null, "city")
                .ask("city", "City?", "city", null, null)
                .build();
    }

    @Bean
    Flow checkout(Director director) {
        return Flow.builder("checkout")
                .ask("item", "Item?", "item", null, "ship")
                .call("ship", "address", "shipping", "pay")
                .node(new FlowNode.Ask("pay", v -> "Pay for " + v.get("item") + " to "
                        + ((Map<?, ?>) v.get("shipping")).get("city") + "?", "answer", null, null, null, true, 0, null,
                        null))
                .onComplete((update, values) -> {
                    Map<?, ?> shipping = (Map<?, ?>) values.get("shipping");
                    director.reply("Order: " + values.get("item") + " to " + shipping.get("street") + ", "
                            + shipping.get("city"));
                })
                .build();
    }

    @Bean
    Flow quantity() {
        return Flow.builder("quantity").ask("count", "How many?", "count", Validators.integer(1, 9), null)
                .maxAttempts(2).build();
    }

    @Bean
    Flow gift(Director director) {
        return Flow.builder("gift")
                .ask("item", "Item?", "item", null, "wrap")
                .callScene("wrap", "wrapping", "wrapping", "count")
                .call("count", "quantity", "qty", null)
                .onComplete((update, values) -> director.reply("Gift: " + values.get("item") + " in "
                        + ((Map<?, ?>) values.get("wrapping")).get("paper") + " x "
                        + ((Map<?, ?>) values.get("qty")).get("count")))
                .build();
    }

    /** A scene a flow calls: asks for the paper and hands it back to the flow. */
    @BotScene("wrapping")
    static class Wrapping {

        private final ObjectProvider<SceneNavigator> scenes;

        Wrapping(ObjectProvider<SceneNavigator> scenes) {
            this.scenes = scenes;
        }

        @OnEnter
        String enter() {
            return "Paper?";
        }

        @OnText(pattern = "no wrapping")
        @After(exit = true)
        String none() {
            return "No wrapping then";
        }

        @OnText(pattern = "(red|blue)")
        void paper(Director director) throws Exception {
            scenes.getObject().finish(director.updateContext(),
                    Map.of("paper", director.update().getMessage().getText()));
        }

        @OnText(pattern = "ribbon")
        @After(goTo = "ribbon")
        void ribbon() {
        }
    }

    /** The scene the called {@code wrapping} scene goes on to: asks for a ribbon and finishes the call. */
    @BotScene("ribbon")
    static class Ribbon {

        private final ObjectProvider<SceneNavigator> scenes;

        Ribbon(ObjectProvider<SceneNavigator> scenes) {
            this.scenes = scenes;
        }

        @OnEnter
        String enter() {
            return "Ribbon?";
        }

        @OnText(pattern = "(gold|silver)")
        void ribbon(Director director) throws Exception {
            scenes.getObject().finish(director.updateContext(),
                    Map.of("paper", director.update().getMessage().getText() + " ribbon"));
        }
    }

    /** Starts the flow and the scene. */
    @BotController
    static class Commands {

        private final FlowEngine flows;

        private final SceneNavigator scenes;

        Commands(FlowEngine flows, SceneNavigator scenes) {
            this.flows = flows;
            this.scenes = scenes;
        }

        @OnCommand("checkout")
        void checkout(Director director) {
            flows.start(director.updateContext(), "checkout");
        }

        @OnCommand("gift")
        void gift(Director director) {
            flows.start(director.updateContext(), "gift");
        }

        @OnCommand("shop")
        void shop(Director director) throws Exception {
            scenes.enter(director.updateContext(), "shop", Map.of());
        }
    }

    /** A scene that asks for the address through the sub-flow and gets it back. */
    @BotScene("shop")
    static class Shop {

        @OnEnter
        String enter() {
            return "Shop: say ship";
        }

        @OnText(pattern = "ship")
        @After(callFlow = "address", result = "shipping")
        String ship() {
            return "Where to?";
        }

        @OnText(pattern = "wrap")
        @After(callScene = "wrapping", result = "wrapping")
        void wrap() {
        }

        @OnBack
        String back(FsmContext context) {
            if (context.getData().get("wrapping") instanceof Map<?, ?> wrapping) {
                return "Wrapped in " + wrapping.get("paper");
            }
            Object shipping = context.getData().get("shipping");
            return shipping instanceof Map<?, ?> m ? "Shipping to " + m.get("city") : "No address";
        }
    }

    /**
     * Sends a user's message and checks the bot's replies to it.
     *
     * @param api the Bot API server
     * @param user the user
     * @param text the message
     * @param replies the replies expected, in order
     */
    public static void say(LocalBotApiServer api, long user, String text, String... replies) {
        int before = api.texts(user).size();
        int total = api.requests("sendMessage").size();
        api.enqueueMessage(user, text);
        api.awaitRequests("sendMessage", total + replies.length, WAIT);
        List<String> texts = api.texts(user);
        assertThat(texts.subList(before, texts.size())).as("replies to '%s'", text).containsExactly(replies);
    }
}
