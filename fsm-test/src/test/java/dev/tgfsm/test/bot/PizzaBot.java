package dev.tgfsm.test.bot;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnText;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.scope.Director;
import dev.tgfsm.wizard.Wizard;

/**
 * The bot the kit's tests play: a pizza wizard (inline buttons, validation, data), a drinks menu on a
 * reply keyboard and a command that fails.
 */
@SpringBootApplication
public class PizzaBot {

    @Bean
    Flow pizza(Director director) {
        return Wizard.named("pizza")
                .step("size", s -> s.prompt("Which size?").choices(true, "Small", "Large"))
                .step("slices", s -> s.prompt("How many slices? (4-12)").validate(Validators.integer(4, 12))
                        .transform(Integer::valueOf))
                .step("address", s -> s.prompt("Where to?").validate(Validators.minLength(5)))
                .onComplete((update, values) -> director.reply("Ordered a " + values.get("size") + " pizza in "
                        + values.get("slices") + " slices to " + values.get("address")))
                .build();
    }

    /** The commands of the pizza bot. */
    @BotController
    static class Commands {

        private final FlowEngine flows;

        Commands(FlowEngine flows) {
            this.flows = flows;
        }

        @OnCommand("pizza")
        void pizza(Director director) {
            flows.start(director.updateContext(), "pizza");
        }

        @OnCommand("drinks")
        SendMessage drinks(Update update) {
            return SendMessage.builder().chatId(update.getMessage().getChatId()).text("Tea or coffee?")
                    .replyMarkup(ReplyKeyboardMarkup.builder().keyboardRow(new KeyboardRow("Tea", "Coffee")).build())
                    .build();
        }

        @OnText(pattern = "Tea|Coffee")
        String drink(Update update) {
            return "Here is your " + update.getMessage().getText().toLowerCase(java.util.Locale.ROOT) + ".";
        }

        @OnCommand("fail")
        String fail() {
            throw new IllegalStateException("the oven is cold");
        }
    }
}
