package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.dispatch.UpdateObserver;
import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.telegram.BotWebhook;
import dev.tgfsm.telegram.WebhookIntake;
import dev.tgfsm.testing.Updates;

/**
 * Every {@link UpdateObserver} bean watches each update of every bot's dispatcher, in the beans'
 * order (entered in it, ended in the reverse one), also a further bot's of {@code tgfsm.bots[*]}.
 */
class UpdateObserverBeansTests {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmBotsAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory")
            .withBean(UpdateHandler.class, () -> update -> seen.add("handled " + update.update().getUpdateId()))
            // registered second, ordered first
            .withBean("second", UpdateObserver.class, () -> new Recording("second", 2))
            .withBean("first", UpdateObserver.class, () -> new Recording("first", 1));

    @Test
    void twoObserverBeansBothWatchEachUpdateInTheirOrder() {
        runner.run(this::bothWatchOneUpdateInTheirOrder);
    }

    /** An observer that throws keeps neither the update nor the other observers from their work. */
    @Test
    void anObserverThatThrowsDoesNotKeepTheOthersFromEnteringAndEnding() {
        runner.withBean("brokenFirst", UpdateObserver.class, () -> new Broken(0))
                .withBean("brokenLast", UpdateObserver.class, () -> new Broken(3))
                .run(this::bothWatchOneUpdateInTheirOrder);
    }

    private void bothWatchOneUpdateInTheirOrder(AssertableApplicationContext context) throws Exception {
        assertThat(context).hasNotFailed();
        Update update = new Updates(Clock.systemUTC()).text(7, "hello");
        context.getBean(UpdateDispatcher.class).submit(update).get(10, TimeUnit.SECONDS);
        int id = update.getUpdateId();
        assertThat(seen).containsExactly("first started " + id + " bot 0", "second started " + id + " bot 0",
                "first enter", "second enter", "handled " + id, "second HANDLED", "first HANDLED");
    }

    @Test
    void aFurtherBotsUpdatesAreWatchedToo() {
        runner.withPropertyValues("tgfsm.bot.token=1001:a", "tgfsm.bot.polling.enabled=false",
                "tgfsm.bot.webhook.enabled=true", "tgfsm.bots[0].name=support", "tgfsm.bots[0].token=1002:b")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BotWebhook support = context.getBean(BotFleet.class).webhooks().get(0);
                    String json = "{\"update_id\":300,\"message\":{\"message_id\":1,\"date\":1700000000,"
                            + "\"chat\":{\"id\":7,\"type\":\"private\"},\"from\":{\"id\":7,\"is_bot\":false,"
                            + "\"first_name\":\"A\"},\"text\":\"hello\"}}";
                    WebhookIntake.Answer answer = support.intake().handle(null,
                            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(seen).containsExactly("first started 300 bot 1002", "second started 300 bot 1002",
                            "first enter", "second enter", "handled 300", "second HANDLED", "first HANDLED");
                });
    }

    /** Records what it watches into {@link #seen}. */
    private final class Recording implements UpdateObserver, Ordered {

        private final String name;

        private final int order;

        Recording(String name, int order) {
            this.name = name;
            this.order = order;
        }

        @Override
        public int getOrder() {
            return order;
        }

        @Override
        public Watch started(Update update, long botId) {
            seen.add(name + " started " + update.getUpdateId() + " bot " + botId);
            return new Watch() {
                @Override
                public void enter() {
                    seen.add(name + " enter");
                }

                @Override
                public void ended(Outcome outcome, @Nullable Throwable error) {
                    seen.add(name + " " + outcome);
                }
            };
        }
    }

    /** Throws when its watch is entered or ended. */
    private record Broken(int getOrder) implements UpdateObserver, Ordered {

        @Override
        public Watch started(Update update, long botId) {
            return new Watch() {
                @Override
                public void enter() {
                    throw new IllegalStateException("broken observer " + getOrder + " at enter");
                }

                @Override
                public void ended(Outcome outcome, @Nullable Throwable error) {
                    throw new IllegalStateException("broken observer " + getOrder + " at ended");
                }
            };
        }
    }
}
