package dev.tgfsm.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.sample.booking.BookingStep;
import dev.tgfsm.transition.TransitionTable;

/**
 * The sample bot. Without a bot token it runs in console mode: type to the bot in the terminal.
 * With {@code TGFSM_BOT_TOKEN} set it long-polls Telegram (or the Bot API server at
 * {@code tgfsm.bot.api-url}); with {@code --tgfsm.bot.webhook.enabled=true} (and a
 * {@code --server.port}) Telegram posts the updates to {@code /telegram/webhook} instead.
 */
@SpringBootApplication
public class SampleBotApplication {

    /**
     * Starts the bot.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SampleBotApplication.class);
        application.setWebApplicationType(webhook(args) ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        application.run(args);
    }

    /**
     * Tells whether the bot takes its updates by webhook ({@code --tgfsm.bot.webhook.enabled=true} or
     * {@code TGFSM_BOT_WEBHOOK_ENABLED=true}): only then does it start a web server.
     */
    static boolean webhook(String[] args) {
        for (String arg : args) {
            if (arg.equals("--tgfsm.bot.webhook.enabled=true") || arg.equals("--tgfsm.bot.webhook.enabled")) {
                return true;
            }
        }
        return "true".equalsIgnoreCase(System.getenv("TGFSM_BOT_WEBHOOK_ENABLED"));
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
