package dev.tgfsm.telegram;

import java.util.Map;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.context.FsmContext;

/**
 * A form of plain states set by handlers, for the escape commands' end-to-end test: {@code /form}
 * asks a name, then a city; in the city state a handler of its own takes {@code /cancel}.
 */
@BotController
public class EscapeStatesController {

    /** The state asking the name. */
    public static final String NAME = "Form:NAME";

    /** The state asking the city. */
    public static final String CITY = "Form:CITY";

    /**
     * Starts the form.
     *
     * @param context the conversation
     * @return the question
     */
    @OnCommand("form")
    public String form(FsmContext context) {
        context.setState(NAME);
        return "Name?";
    }

    /**
     * Takes the name.
     *
     * @param text the name
     * @param context the conversation
     * @return the next question
     */
    @OnMessage(state = NAME)
    public String name(String text, FsmContext context) {
        context.updateData(Map.of("name", text));
        context.setState(CITY);
        return "City, " + text + "?";
    }

    /**
     * Overrides the escape in the city state.
     *
     * @return the reply
     */
    @OnCommand(value = "cancel", state = CITY)
    public String noCancelHere() {
        return "Finish the city first";
    }

    /**
     * A back command in any state: it does not take over the escape inside the form, only answers
     * where the escape has nothing to do (no state).
     *
     * @return the reply
     */
    @OnCommand("back")
    public String backAnywhere() {
        return "Nothing to go back to";
    }

    /**
     * The bot's own start.
     *
     * @return the welcome
     */
    @OnCommand("start")
    public String start() {
        return "Welcome";
    }

    /**
     * Answers outside the form.
     *
     * @return the hint
     */
    @OnMessage(noState = true)
    public String idle() {
        return "Send /form";
    }
}
