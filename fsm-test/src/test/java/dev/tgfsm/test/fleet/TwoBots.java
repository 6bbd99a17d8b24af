package dev.tgfsm.test.fleet;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.telegram.BotIdentity;

/**
 * An application with two bots (the bots themselves are configured by the test): a shop on the
 * default bot and a help desk on the bot named {@code support}, each keeping a state.
 */
@SpringBootApplication
public class TwoBots {

    /** The default bot's commands. */
    @BotController(bot = BotController.DEFAULT_BOT)
    static class Shop {

        @OnCommand("start")
        String start(FsmContext context, BotIdentity bot) {
            context.setState("shop:browsing");
            return "Welcome to the shop of bot " + bot.name() + " (" + bot.id() + ")";
        }
    }

    /** The support bot's commands. */
    @BotController(bot = "support")
    static class Support {

        @OnCommand("help")
        String help(FsmContext context, BotIdentity bot) {
            context.setState("support:ticket");
            return "How can bot " + bot.name() + " (" + bot.id() + ") help?";
        }
    }
}
