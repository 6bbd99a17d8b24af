package dev.tgfsm.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.tgfsm.sample.booking.BookingStep;
import dev.tgfsm.transition.TransitionTable;

/**
 * The sample bot. Without a bot token it runs in console mode: type to the bot in the terminal.
 * With {@code TGFSM_BOT_TOKEN} set it long-polls Telegram (or the Bot API server at
 * {@code tgfsm.bot.api-url}); with {@code --tgfsm.bot.webhook.enabled=true} (and a
 * {@code --server.port}) Telegram posts the updates to {@code /telegram/webhook} instead.
 */
@SpringBootApplication
@EnableScheduling
public class SampleBotApplication {

    /**
     * Starts the bot.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        createDataFolder();
        SpringApplication application = new SpringApplication(SampleBotApplication.class);
        application.setWebApplicationType(webhook(args) ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        application.run(args);
    }

    /**
     * Creates {@code ./data}, where the default SQLite file lives, in every mode: SQLite creates the
     * file but not its folder.
     */
    static void createDataFolder() {
        File data = new File("data");
        if (!data.isDirectory() && !data.mkdirs()) {
            throw new UncheckedIOException(new IOException("Cannot create " + data.getAbsolutePath()));
        }
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
