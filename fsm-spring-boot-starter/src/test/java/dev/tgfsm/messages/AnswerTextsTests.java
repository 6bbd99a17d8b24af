package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

import dev.tgfsm.flow.AnswerKind;
import dev.tgfsm.flow.Validation;
import dev.tgfsm.flow.Validators;

/**
 * The bundled texts of answer kinds, attempts and suggestions: English equals the library's default
 * text, and German has its own.
 */
class AnswerTextsTests {

    private final MessageSourceMessageResolver resolver = new MessageSourceMessageResolver(new StaticMessageSource());

    private void bundledInBothLanguages(Validation verdict) {
        assertThat(resolver.resolve(verdict.code(), verdict.args(), "missing", Locale.ENGLISH)).as(verdict.code())
                .isEqualTo(verdict.error());
        assertThat(resolver.resolve(verdict.code(), verdict.args(), "missing", Locale.GERMAN)).as(verdict.code())
                .isNotEqualTo("missing").isNotEqualTo(verdict.error());
    }

    @Test
    void everyAnswerKindHasItsTextInEnglishAndGerman() {
        for (AnswerKind kind : AnswerKind.values()) {
            bundledInBothLanguages(AnswerKind.mismatch(Set.of(kind)));
        }
        bundledInBothLanguages(AnswerKind.mismatch(Set.of(AnswerKind.PHOTO, AnswerKind.DOCUMENT)));
    }

    @Test
    void attemptsKeepButtonsAndChoiceSuggestionsAreTranslated() {
        assertThat(resolver.resolve("tgfsm.flow.attempt", List.of(1, 3), "missing", Locale.ENGLISH))
                .isEqualTo("Attempt 1/3. Try again:");
        assertThat(resolver.resolve("tgfsm.flow.attempt", List.of(1, 3), "missing", Locale.GERMAN))
                .isEqualTo("Versuch 1/3. Bitte noch einmal:");
        assertThat(resolver.resolve("tgfsm.flow.keep", List.of("a@ymail.com"), "missing", Locale.GERMAN))
                .isEqualTo("a@ymail.com behalten");
        bundledInBothLanguages(Validators.choice("Apple", "Banana").validate("aple", Map.of()));
    }
}
