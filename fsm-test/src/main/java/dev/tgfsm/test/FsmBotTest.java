package dev.tgfsm.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextCustomizerFactories;

import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * Starts the application's bot for a test, without Telegram: a {@link SpringBootTest} whose bot
 * talks to a {@link RecordingTelegramClient}, keeps conversations in memory and
 * reads time from a {@link MutableClock}; inject the {@link BotTester} to play
 * its users.
 *
 * <p>Set for the test, above {@code application.yml} and the environment (a test's own
 * {@link #properties()} win over them): {@code tgfsm.storage.type=memory}, an empty
 * {@code tgfsm.bot.token} (no long polling, no webhook registration, no real client) and
 * {@code tgfsm.bot.flood.enabled=false} (the recorder is not Telegram; pacing would only slow the
 * test). The recorder is the primary {@code TelegramClient} and the clock is tgfsm's
 * {@code fsmClock} unless the test defines its own. Further bots ({@code tgfsm.bots}) send through
 * a recorder each and neither poll nor register a webhook; {@link BotTester#bot} plays them. The context is cached across test classes like
 * any Spring test context, so conversations live on between tests: give each test its own user ids.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ImportAutoConfiguration(FsmBotTestAutoConfiguration.class)
@ContextCustomizerFactories(FsmBotTestProperties.class)
public @interface FsmBotTest {

    /**
     * Properties for the test, in {@code key=value} form; they win over the kit's defaults.
     *
     * @return the properties
     */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /**
     * The configuration classes of the application context; by default the
     * {@code @SpringBootConfiguration} found from the test's package upwards.
     *
     * @return the classes
     */
    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] classes() default {};
}
