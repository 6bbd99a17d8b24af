package dev.tgfsm.telegram;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;

/**
 * The README's controller bound to one bot (checked by {@code ReadmeSeveralBotsTests}, run by
 * {@code SeveralBotsRoutingIT}).
 */
@BotController(bot = "support")   // "default" is the bot of tgfsm.bot; an unknown name fails the start-up
class SupportDesk {
    @OnCommand("ticket")
    String ticket(BotIdentity bot) {
        return "Ticket opened with " + bot.name();
    }
}
