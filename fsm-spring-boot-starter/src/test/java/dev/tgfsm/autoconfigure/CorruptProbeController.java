package dev.tgfsm.autoconfigure;

import java.util.Map;

import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.context.FsmContext;

/**
 * A bot that shows what it read: {@code /start} stores a state and a value, any other message is
 * answered with the stored state.
 */
@BotController
public class CorruptProbeController {

    /**
     * Stores a state and a value.
     *
     * @param context the conversation
     * @return the reply
     */
    @OnCommand("start")
    public String start(FsmContext context) {
        context.setState("started");
        context.updateData(Map.of("n", 1));
        return "started";
    }

    /**
     * Answers with the stored state.
     *
     * @param message the message
     * @param context the conversation
     * @return the reply
     */
    @OnMessage
    public String echo(Message message, FsmContext context) {
        return "state=" + context.getState() + " text=" + message.getText();
    }
}
