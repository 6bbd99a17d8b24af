package dev.tgfsm.sample.console;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.KeyProperties;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * Console mode, on when no bot token is set: the bot's Bot API calls are answered locally and
 * printed, and the terminal's lines become the updates of one user (unless
 * {@code sample.console.enabled=false}, as in tests, which drive the bot or the {@link ConsoleRunner}
 * themselves).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${tgfsm.bot.token:}'.isBlank()")
public class ConsoleConfiguration {

    @Bean
    RecordingTelegramClient consoleTelegram(ConsoleTranscript transcript) {
        RecordingTelegramClient recording = new RecordingTelegramClient(1, Clock.systemUTC());
        recording.onCall(transcript::print);
        return recording;
    }

    @Bean
    TelegramClient telegramClient(RecordingTelegramClient recording) {
        return recording.client();
    }

    @Bean
    ConsoleTranscript consoleTranscript(
            @Value("${sample.console.keyboard-file:data/console-keyboard.txt}") String keyboardFile) {
        return new ConsoleTranscript(System.out, keyboardFile.isBlank() ? null : Path.of(keyboardFile));
    }

    @Bean
    ConsoleRunner consoleRunner(UpdateDispatcher dispatcher, FsmContexts contexts, KeyProperties keyProperties,
            ConsoleTranscript transcript, @Value("${sample.console.user-id:1000}") long userId) {
        return new ConsoleRunner(dispatcher, contexts, keyProperties.getStrategy(), transcript,
                new Updates(Clock.systemUTC()), userId, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "sample.console.enabled", havingValue = "true", matchIfMissing = true)
    ApplicationRunner consoleMode(ConsoleRunner runner, ConfigurableApplicationContext context) {
        return args -> {
            runner.run(System.in, System.out);
            System.exit(SpringApplication.exit(context, () -> 0));
        };
    }
}
