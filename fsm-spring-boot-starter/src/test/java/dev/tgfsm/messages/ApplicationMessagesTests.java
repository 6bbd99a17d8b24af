package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.flow.Prompt;

/**
 * In a Spring Boot application, the {@link MessageResolver} bean reads the application's own
 * {@code messages*.properties} (Spring Boot's {@code spring.messages.basename}) before tgfsm's
 * bundles: the application overrides tgfsm's texts and adds its own codes, per language; and
 * {@code tgfsm.messages.default-locale} sets the language of users whose language is unknown.
 */
class ApplicationMessagesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("spring.messages.basename=dev/tgfsm/messages/app-messages",
                    "spring.messages.fallback-to-system-locale=false");

    @Test
    void theApplicationsBundleOverridesTgfsmsTextsInEachLanguage() {
        runner.run(context -> {
            MessageResolver messages = context.getBean(MessageResolver.class);
            assertThat(messages).isInstanceOf(MessageSourceMessageResolver.class);
            assertThat(messages.text(Locale.ENGLISH, LibraryText.CANCELLED))
                    .isEqualTo("Stopped. Send /start for a new order.");
            assertThat(messages.text(Locale.GERMAN, LibraryText.CANCELLED))
                    .isEqualTo("Angehalten. Mit /start bestellst du neu.");
            assertThat(messages.text(Locale.GERMAN, LibraryText.AT_FIRST_STEP)).as("not overridden: tgfsm's German")
                    .isEqualTo("Das ist der erste Schritt.");
            assertThat(messages.appText(Locale.GERMAN, "{order.size}")).isEqualTo("Welche Gr\u00f6\u00dfe?");
            assertThat(Prompt.code("order.size").render(java.util.Map.of(), Locale.ENGLISH, messages))
                    .isEqualTo("Which size?");
            assertThat(messages.defaultLocale()).isEqualTo(Locale.ENGLISH);
        });
    }

    @Test
    void theDefaultLocaleIsConfigurable() {
        runner.withPropertyValues("tgfsm.messages.default-locale=de").run(context -> {
            MessageResolver messages = context.getBean(MessageResolver.class);
            assertThat(messages.defaultLocale()).isEqualTo(Locale.GERMAN);
            assertThat(messages.text(messages.defaultLocale(), LibraryText.NOTHING_TO_CANCEL))
                    .isEqualTo("Es gibt nichts abzubrechen.");
        });
    }

    @Test
    void pluralFormsAndArgumentsFollowTheLanguage() {
        runner.run(context -> {
            MessageResolver messages = context.getBean(MessageResolver.class);
            assertThat(messages.text(Locale.ENGLISH, LibraryText.RATE_LIMITED, 1))
                    .isEqualTo("Too many requests. Please wait 1 s.");
            assertThat(messages.text(Locale.GERMAN, LibraryText.RATE_LIMITED, 1))
                    .isEqualTo("Zu viele Anfragen. Bitte warte eine Sekunde.");
            assertThat(messages.text(Locale.GERMAN, LibraryText.HELP_HINT, "stop"))
                    .isEqualTo("Mit /stop brichst du ab.");
            assertThat(MessageResolver.english().text(Locale.GERMAN, LibraryText.TIMEOUT_WARNING, 1))
                    .as("without Spring, the English pattern formatted")
                    .startsWith("Your session will expire in 1 minute due");
        });
    }
}
