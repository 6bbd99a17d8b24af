package dev.tgfsm.annotation;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.telegram.BotIdentity;
import dev.tgfsm.telegram.FsmBots;

/** Resolves the bot names of {@link BotController#bot()} and {@link ForBot} to bot ids, checking them. */
final class BotBinding {

    private BotBinding() {
    }

    /**
     * The id of the bot a method's routes are bound to: its {@link ForBot}'s, which must agree with its
     * class's binding, else the class's; {@code null} for every bot.
     *
     * @param ownerBot the name its class is bound to, empty for every bot
     * @param owner the class's binding as the error message starts it, e.g. {@code @BotScene ... @ForBot(}
     */
    static @Nullable Long methodBot(ConfigurableListableBeanFactory beanFactory, Method method, String ownerBot,
            String owner) {
        ForBot forBot = method.getAnnotation(ForBot.class);
        if (forBot == null) {
            return botId(beanFactory, ownerBot, "");
        }
        String bot = forBot.value().trim();
        String where = "@ForBot(\"" + bot + "\") on " + HandlerRoutes.describe(method);
        if (bot.isEmpty()) {
            throw new FsmConfigurationException(where + " names no bot; name one, or drop @ForBot to serve every bot");
        }
        Long id = botId(beanFactory, bot, where);
        if (!ownerBot.isEmpty() && !ownerBot.equals(bot)) {
            throw new FsmConfigurationException(where + " contradicts " + owner + "\"" + ownerBot
                    + "\"); a method can only narrow its class's binding: drop @ForBot or move the method to a"
                    + " class of bot '" + bot + "'");
        }
        return id;
    }

    /**
     * The id of a bot by name, or {@code null} when the name is empty (every bot) or there is only
     * one bot.
     *
     * @param where the binding, for the error message
     * @throws FsmConfigurationException when no bot has that name, naming the bots there are
     */
    static @Nullable Long botId(ConfigurableListableBeanFactory beanFactory, String bot, String where) {
        if (bot.isEmpty()) {
            return null;
        }
        FsmBots bots = beanFactory.getBeanProvider(FsmBots.class).getIfAvailable();
        List<String> known = bots == null ? List.of(BotController.DEFAULT_BOT)
                : bots.bots().stream().map(BotIdentity::name).toList();
        if (!known.contains(bot)) {
            throw new FsmConfigurationException(where
                    + " names no bot of this application; the bots are " + known + " ('" + BotController.DEFAULT_BOT
                    + "' is tgfsm.bot, the others are tgfsm.bots[*].name)",
                    "Use one of " + known
                            + ", or configure a bot of that name under tgfsm.bots.");
        }
        return bots == null ? null
                : bots.bots().stream().filter(b -> b.name().equals(bot)).findFirst().orElseThrow().id();
    }
}
