package dev.tgfsm.telegram;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.scope.Director;

/**
 * The three-step flow of {@link ThreeStepFlow} written as a {@code @BotController}: replies go
 * through the {@link Director}, state and data through the update-scoped {@link FsmContext}.
 */
@BotController
public class RegistrationFlowController {

    /**
     * Starts the flow.
     *
     * @param director the current update
     */
    @OnCommand("start")
    public void start(Director director) {
        director.state().clear();
        director.state().setState(ThreeStepFlow.NAME);
        director.reply("What is your name?");
    }

    /**
     * Takes the name.
     *
     * @param text the name
     * @param context the conversation
     * @param director the current update
     */
    @OnMessage(state = ThreeStepFlow.NAME)
    public void name(String text, FsmContext context, Director director) {
        context.updateData(java.util.Map.of("name", text));
        context.setState(ThreeStepFlow.AGE);
        director.reply("How old are you, " + text + "?");
    }

    /**
     * Takes the age and finishes.
     *
     * @param text the age
     * @param context the conversation
     * @param director the current update
     */
    @OnMessage(state = ThreeStepFlow.AGE)
    public void age(String text, FsmContext context, Director director) {
        String name = String.valueOf(context.getData().get("name"));
        context.clear();
        director.reply("Thanks, " + name + " (" + text + ")");
    }

    /**
     * Answers messages outside the flow.
     *
     * @param director the current update
     */
    @OnMessage(noState = true)
    public void idle(Director director) {
        director.reply("Send /start to begin");
    }
}
