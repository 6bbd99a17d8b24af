package dev.tgfsm.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * A button answered by the handler through the {@link Director}'s outbox ({@code send}) is answered
 * once: the library's automatic answer of unanswered buttons knows about it (it answered the same
 * query a second time before).
 */
class DirectorCallbackAnswerTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class, Menu.class);

    @Configuration(proxyBeanMethods = false)
    static class Telegram {
        @Bean
        RecordingTelegramClient recording() {
            return new RecordingTelegramClient(5, Clock.systemUTC());
        }

        @Bean
        TelegramClient telegramClient(RecordingTelegramClient recording) {
            return recording.client();
        }
    }

    @BotController
    static class Menu {
        @OnCallback(prefix = "menu:")
        public void open(Director director) {
            director.send(AnswerCallbackQuery.builder()
                    .callbackQueryId(director.update().getCallbackQuery().getId()).text("opening").build());
            director.reply("opened");
        }

        @OnCommand("ping")
        public String ping() {
            return "pong";
        }
    }

    @Test
    void aButtonAnsweredThroughTheOutboxIsAnsweredOnce() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
            send(dispatcher, UPDATES.callback(41, "menu:booking"));
            send(dispatcher, UPDATES.text(41, "/ping"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!texts(telegram).contains("pong") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(texts(telegram)).contains("opened", "pong");
            assertThat(telegram.calls()).filteredOn(call -> call.method().equalsIgnoreCase("answerCallbackQuery"))
                    .as("the handler's answer only").hasSize(1);
        });
    }

    private static List<String> texts(RecordingTelegramClient telegram) {
        return telegram.calls().stream().filter(call -> call.is("sendMessage")).map(call -> call.text()).toList();
    }

    private static void send(UpdateDispatcher dispatcher, Update update) throws Exception {
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
    }
}
