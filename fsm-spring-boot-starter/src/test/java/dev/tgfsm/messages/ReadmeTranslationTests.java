package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.readme.ReadmeSnippets;

/**
 * The README's translation section: its German {@code messages_de.properties} overrides a tgfsm text
 * and adds the flow's codes, with a plural form; its flow is the one {@code TranslationEndToEndIT}
 * runs against the local Bot API server.
 */
class ReadmeTranslationTests {

    @Test
    void theReadmesPropertiesOverrideTgfsmsTextAndAddTheApplicationsCodes() throws Exception {
        Properties german = new Properties();
        german.load(new StringReader(ReadmeSnippets.text("translation-properties")));
        StaticMessageSource application = new StaticMessageSource();
        german.forEach((code, text) -> application.addMessage((String) code, Locale.GERMAN, (String) text));
        MessageResolver messages = new MessageSourceMessageResolver(application);

        assertThat(messages.text(Locale.GERMAN, LibraryText.CANCELLED))
                .isEqualTo("Bestellung abgebrochen. Mit /order beginnst du neu.");
        assertThat(messages.text(Locale.ENGLISH, LibraryText.CANCELLED))
                .isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(messages.appText(Locale.GERMAN, "{order.size}")).isEqualTo("Welche Gr\u00f6\u00dfe?");
        assertThat(messages.resolve("order.done", List.of(1), "?", Locale.GERMAN))
                .isEqualTo("Bestellt: ein St\u00fcck.");
        assertThat(messages.resolve("order.done", List.of(3), "?", Locale.GERMAN)).isEqualTo("Bestellt: 3 St\u00fcck.");
    }

    @Test
    void theReadmesFlowIsTheOneTheEndToEndTestRuns() throws Exception {
        String source = Files
                .readString(Path.of("src", "test", "java", "dev", "tgfsm", "telegram", "TranslationEndToEndIT.java"));
        assertThat(ReadmeSnippets.normalized(source))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("translation-flow")));
    }
}
