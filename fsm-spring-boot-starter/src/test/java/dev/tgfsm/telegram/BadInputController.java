package dev.tgfsm.telegram;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.CommandArgs;
import dev.tgfsm.annotation.Fallback;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnCommand;

/**
 * A bot with a command, one button and a fallback, for the bad-input end-to-end test.
 */
@BotController
public class BadInputController {

    /** The fallback's reply. */
    public static final String NOT_UNDERSTOOD = "I didn't understand that.";

    /**
     * Answers a ping with its argument.
     *
     * @param args the argument
     * @return the reply
     */
    @OnCommand("ping")
    public String ping(@CommandArgs String args) {
        return "pong " + args;
    }

    /**
     * Handles the one known button without answering its callback query itself.
     *
     * @return the reply
     */
    @OnCallback(data = "known")
    public String known() {
        return "pressed";
    }

    /**
     * Answers what nothing else handles.
     *
     * @return the reply
     */
    @Fallback
    public String fallback() {
        return NOT_UNDERSTOOD;
    }
}
