package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.Validation;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.Updates;

class MessageSourceMessageResolverTests {

    private final StaticMessageSource application = new StaticMessageSource();

    private final MessageSourceMessageResolver resolver = new MessageSourceMessageResolver(application);

    private final Updates updates = new Updates(java.time.Clock.systemUTC());

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void resolvesTheBundledEnglishAndGermanTexts() {
        Validation error = Validators.integer(5, 10).validate("3", Map.of());
        assertThat(resolver.resolve(error.code(), error.args(), error.error(), Locale.ENGLISH))
                .isEqualTo("Minimum value is 5");
        assertThat(resolver.resolve(error.code(), error.args(), error.error(), Locale.GERMAN))
                .isEqualTo("Der kleinste Wert ist 5");
        assertThat(resolver.resolve(error.code(), error.args(), error.error(), Locale.FRENCH))
                .isEqualTo("Minimum value is 5");
    }

    @Test
    void theApplicationsMessagesWinAndUnknownCodesFallBackToTheDefault() {
        application.addMessage("tgfsm.validation.min", Locale.GERMAN, "Mindestens {0}!");
        assertThat(resolver.resolve("tgfsm.validation.min", List.of("5"), "Minimum value is 5", Locale.GERMAN))
                .isEqualTo("Mindestens 5!");
        assertThat(resolver.resolve("app.unknown", List.of(), "Plain English", Locale.GERMAN))
                .isEqualTo("Plain English");
    }

    @Test
    void theLanguagePreferenceWinsOverTelegramsLanguageCode() throws Exception {
        List<Locale> seen = new ArrayList<>();
        FsmContexts contexts = FsmTransactions.contexts(
                new InMemoryFsmStorage(dev.tgfsm.storage.StorageConfig.ofDefaults()),
                new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        dispatcher = new UpdateDispatcher(1, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            String text = u.update().getMessage().getText();
            if (text.startsWith("set ")) {
                new Preferences(u.context()).set(Preferences.LANGUAGE, text.substring(4));
            }
            seen.add(resolver.localeOf(u));
        }, DispatcherConfig.ofDefaults().withThreads(1), null);

        dispatcher.submit(germanText("hi")).get(10, TimeUnit.SECONDS);
        dispatcher.submit(germanText("set en")).get(10, TimeUnit.SECONDS);
        dispatcher.submit(germanText("hi again")).get(10, TimeUnit.SECONDS);
        dispatcher.submit(updates.text(43, "no language code")).get(10, TimeUnit.SECONDS);

        assertThat(seen).containsExactly(Locale.GERMAN, Locale.ENGLISH, Locale.ENGLISH, Locale.ENGLISH);
    }

    private Update germanText(String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", 1);
        message.put("date", 1_700_000_000);
        message.put("chat", Map.of("id", 42, "type", "private"));
        message.put("from", Map.of("id", 42, "is_bot", false, "first_name", "Anna", "language_code", "de"));
        message.put("text", text);
        return updates.update(Map.of("message", message));
    }
}
