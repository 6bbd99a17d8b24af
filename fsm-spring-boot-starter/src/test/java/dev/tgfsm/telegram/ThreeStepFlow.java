package dev.tgfsm.telegram;

import java.util.Map;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;

/**
 * A three-step registration flow written as a plain {@link UpdateHandler}: {@code /start} asks for the
 * name, the name asks for the age, the age completes the flow. Replies go through the
 * {@link TelegramClient}.
 */
final class ThreeStepFlow implements UpdateHandler {

    static final String NAME = "Form:NAME";

    static final String AGE = "Form:AGE";

    private final TelegramClient client;

    ThreeStepFlow(TelegramClient client) {
        this.client = client;
    }

    @Override
    public void handle(UpdateContext update) throws Exception {
        Message message = update.update().getMessage();
        if (message == null || !message.hasText()) {
            return;
        }
        FsmContext context = update.context();
        String text = message.getText();
        String state = context.getState();
        if (text.equals("/start")) {
            context.clear();
            context.setState(NAME);
            reply(message, "What is your name?");
        }
        else if (NAME.equals(state)) {
            context.updateData(Map.of("name", text));
            context.setState(AGE);
            reply(message, "How old are you, " + text + "?");
        }
        else if (AGE.equals(state)) {
            String name = String.valueOf(context.getData().get("name"));
            context.clear();
            reply(message, "Thanks, " + name + " (" + text + ")");
        }
        else {
            reply(message, "Send /start to begin");
        }
    }

    private void reply(Message to, String text) throws Exception {
        client.execute(SendMessage.builder().chatId(to.getChatId()).text(text).build());
    }
}
