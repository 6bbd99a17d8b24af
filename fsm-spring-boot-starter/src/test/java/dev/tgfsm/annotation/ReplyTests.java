package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.scope.Director;
import dev.tgfsm.testing.Updates;

class ReplyTests {

    private static final Updates UPDATES = new Updates(java.time.Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class, PingController.class);

    @BotController
    static class PingController {
        @OnCommand("ping")
        public String ping(@CommandArgs String args) {
            return "pong " + args;
        }

        @OnCommand("hello")
        public void hello(Director director) {
            director.reply("hi " + director.chatId());
        }
    }

    @Test
    void returnedTextAndDirectorReplyAreSentToTheChat() throws Exception {
        TelegramClient client = mock(TelegramClient.class);
        runner.withBean(TelegramClient.class, () -> client).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            dispatcher.submit(UPDATES.text(31, "/ping 1")).get(5, TimeUnit.SECONDS);
            dispatcher.submit(UPDATES.text(31, "/hello")).get(5, TimeUnit.SECONDS);
            ArgumentCaptor<SendMessage> sent = ArgumentCaptor.forClass(SendMessage.class);
            verify(client, org.mockito.Mockito.times(2)).execute(sent.capture());
            assertThat(sent.getAllValues()).extracting(SendMessage::getChatId, SendMessage::getText)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("31", "pong 1"),
                            org.assertj.core.groups.Tuple.tuple("31", "hi 31"));
        });
    }

    @Test
    void replyWithoutAClientFailsTheUpdateWithAClearMessage() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            try {
                dispatcher.submit(UPDATES.text(32, "/ping")).get(5, TimeUnit.SECONDS);
            }
            catch (ExecutionException ex) {
                assertThat(ex.getCause()).isInstanceOf(FsmException.class)
                        .hasMessageContaining("No TelegramClient is configured");
                return;
            }
            throw new AssertionError("the update should have failed");
        });
    }
}
