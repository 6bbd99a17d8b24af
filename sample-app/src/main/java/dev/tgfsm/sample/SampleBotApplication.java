package dev.tgfsm.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.sample.booking.BookingStep;
import dev.tgfsm.transition.TransitionTable;

/**
 * The sample bot. Without a bot token it runs in console mode: type to the bot in the terminal.
 * With {@code TGFSM_BOT_TOKEN} set it long-polls Telegram (or the Bot API server at
 * {@code tgfsm.bot.api-url}).
 */
@SpringBootApplication
public class SampleBotApplication {

    /**
     * Starts the bot.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleBotApplication.class, args);
    }

    /**
     * The booking's allowed transitions, enforced on every update (policy
     * {@code tgfsm.transitions.policy}, REJECT by default).
     *
     * @return the table
     */
    @Bean
    TransitionTable bookingTransitions() {
        return BookingStep.TABLE;
    }
}
