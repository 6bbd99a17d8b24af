package dev.tgfsm.sample;

import java.util.List;

import org.telegram.telegrambots.meta.api.methods.polls.SendPoll;
import org.telegram.telegrambots.meta.api.objects.polls.input.InputPollOption;

import dev.tgfsm.annotation.After;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.scope.Director;

/**
 * {@code /rate}: sends a poll and starts the {@code rate} wizard, whose step takes the user's vote
 * in it (a {@code poll_answer} update, not a message).
 */
@BotController
public class RatingController {

    /** The poll's options, in order: a vote carries the index. */
    public static final List<String> OPTIONS = List.of("Love it", "It is fine", "Needs work");

    /**
     * Sends the poll; {@link After#startFlow} then starts the wizard, which prompts below it.
     *
     * @param director the update
     */
    @OnCommand("rate")
    @After(startFlow = "rate")
    public void rate(Director director) {
        director.send(SendPoll.builder().chatId(director.chatId()).question("How do you like this bot?")
                .options(OPTIONS.stream().map(o -> InputPollOption.builder().text(o).build()).toList())
                .isAnonymous(false).build());
    }
}
