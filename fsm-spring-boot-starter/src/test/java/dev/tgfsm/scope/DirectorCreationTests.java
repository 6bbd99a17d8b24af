package dev.tgfsm.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * Every update gets a Director of its own, but only the first is made by the bean factory (factory
 * method by reflection, every bean post-processor): the update scope makes the later ones itself,
 * which took 5-8 % of the sample bot's CPU per update in the end-to-end benchmark's flight recording.
 */
class DirectorCreationTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private static final AtomicInteger POST_PROCESSED = new AtomicInteger();

    private static final List<Director> SEEN = new CopyOnWriteArrayList<>();

    private static final List<Integer> UPDATE_IDS = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class, Counting.class, Pinging.class);

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

    @Configuration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        static BeanPostProcessor directorCounter() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof Director && !(bean instanceof ScopedObject)) { // not the scoped proxy
                        POST_PROCESSED.incrementAndGet();
                    }
                    return bean;
                }
            };
        }
    }

    @BotController
    static class Pinging {
        @OnCommand("ping")
        public String ping(Director director) {
            // the handler's parameter is the scoped proxy: reach the instance behind it
            SEEN.add((Director) ((ScopedObject) director).getTargetObject());
            UPDATE_IDS.add(director.update().getUpdateId());
            return "pong";
        }
    }

    @Test
    void onlyTheFirstDirectorIsMadeByTheBeanFactory() {
        POST_PROCESSED.set(0);
        SEEN.clear();
        UPDATE_IDS.clear();
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Update update = UPDATES.text(41 + i % 2, "/ping");
                sent.add(update.getUpdateId());
                dispatcher.submit(update).get(10, TimeUnit.SECONDS);
            }
            assertThat(UPDATE_IDS).as("each handler saw its own update").isEqualTo(sent);
            assertThat(SEEN).as("a Director per update").hasSize(5).doesNotHaveDuplicates();
            assertThat(POST_PROCESSED).as("post-processed: the first Director only").hasValue(1);
        });
    }
}
