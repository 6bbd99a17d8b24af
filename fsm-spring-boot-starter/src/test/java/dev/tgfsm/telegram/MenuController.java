package dev.tgfsm.telegram;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.PerMessage;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.key.StorageKey;

/** A menu whose every message keeps its own count. */
@BotController
@PerMessage
public class MenuController {

    @OnCallback(prefix = "menu:")
    public String press(FsmContext context, StorageKey key) {
        int count = context.getData().get("count") instanceof Integer n ? n + 1 : 1;
        context.updateData("count", count);
        return "menu " + key.messageScope() + " count " + count;
    }
}
