package dev.tgfsm.telegram;

import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.telegram.telegrambots.meta.api.methods.polls.SendPoll;
import org.telegram.telegrambots.meta.api.objects.polls.input.InputPollOption;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.annotation.After;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.BotFlow;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.flow.Accepts;
import dev.tgfsm.flow.Answer;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.scope.Director;
import dev.tgfsm.wizard.Wizard;

/**
 * A bot whose {@code rate} wizard takes a vote, declared with {@link BotFlow} ({@code /rate} starts
 * it bare); {@code /raw} sends its poll straight through the {@link TelegramClient}, {@code /direct}
 * with {@code Director.execute}, both then start the wizard. Used by {@code PollStepEndToEndIT}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(PollStepApplication.Polls.class)
public class PollStepApplication {

    @BotFlow(commands = "rate")
    Flow rate() {
        return Wizard.named("rate")
                .step("vote", s -> s.prompt("Vote in the poll above.").accepts(Accepts.pollAnswer()))
                .done(values -> "Voted " + Answer.from(values.get("vote"), Answer.PollAnswer.class).optionIds())
                .build();
    }

    static SendPoll poll(long chat) {
        return SendPoll.builder().chatId(chat).question("How do you like it?")
                .options(List.of(InputPollOption.builder().text("Good").build(),
                        InputPollOption.builder().text("Bad").build()))
                .isAnonymous(false).build();
    }

    /** Sends the poll two ways the outbox does not see. */
    @BotController
    static class Polls {

        private final TelegramClient client;

        Polls(TelegramClient client) {
            this.client = client;
        }

        @OnCommand("raw")
        @After(startFlow = "rate")
        void raw(Director director) throws TelegramApiException {
            client.execute(poll(director.chatId()));
        }

        @OnCommand("direct")
        @After(startFlow = "rate")
        void direct(Director director) {
            director.execute(poll(director.chatId()));
        }
    }
}
