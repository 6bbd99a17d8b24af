package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.telegram.BotIdentity;
import dev.tgfsm.testing.Updates;

/**
 * A {@link BotIdentity} handler parameter names the bot of a single-bot application: the name
 * {@code default}, the bot id of the keys, the username of {@code tgfsm.bot.username} if set.
 */
class BotIdentityArgumentTests {

    private static final List<BotIdentity> seen = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class, IdentityController.class);

    @Test
    void theSingleBotIsNamedDefaultWithItsIdAndUsername() {
        seen.clear();
        runner.withPropertyValues("tgfsm.bot.username=shop_bot").run(context -> {
            context.getBean(UpdateDispatcher.class).submit(new Updates(java.time.Clock.systemUTC()).text(5, "/whoami"))
                    .get(5, TimeUnit.SECONDS);
            assertThat(seen).containsExactly(new BotIdentity("default", CoreBeans.BOT, "shop_bot"));
        });
        seen.clear();
        runner.run(context -> {
            context.getBean(UpdateDispatcher.class).submit(new Updates(java.time.Clock.systemUTC()).text(5, "/whoami"))
                    .get(5, TimeUnit.SECONDS);
            assertThat(seen).containsExactly(new BotIdentity("default", CoreBeans.BOT, null));
        });
    }

    @Test
    void aUsernameLearnedFromGetMeIsTheParametersUsername() {
        seen.clear();
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            dispatcher.setBotUsername("Learned_Bot");
            dispatcher.submit(new Updates(java.time.Clock.systemUTC()).text(5, "/whoami")).get(5, TimeUnit.SECONDS);
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).username()).isEqualToIgnoringCase("learned_bot");
        });
    }

    /** Records the bot of each update. */
    @BotController
    public static class IdentityController {

        /**
         * Records the bot.
         *
         * @param bot the bot
         */
        @OnCommand("whoami")
        public void whoami(BotIdentity bot) {
            seen.add(bot);
        }
    }
}
