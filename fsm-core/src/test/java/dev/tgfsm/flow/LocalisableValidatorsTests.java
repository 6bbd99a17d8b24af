package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalisableValidatorsTests {

    @Test
    void errorsCarryCodeArgumentsAndTheEnglishDefault() {
        Validation tooSmall = Validators.integer(5, 10).validate("3", Map.of());
        assertThat(tooSmall.error()).isEqualTo("Minimum value is 5");
        assertThat(tooSmall.code()).isEqualTo("tgfsm.validation.min");
        assertThat(tooSmall.args()).containsExactly("5");

        Validation suggestion = Validators.email().validate("ann@gmial.com", Map.of());
        assertThat(suggestion.code()).isEqualTo("tgfsm.validation.email.suggest");
        assertThat(suggestion.args()).containsExactly("ann@gmail.com");
        assertThat(suggestion.suggestions()).containsExactly("ann@gmail.com");

        assertThat(Validators.phone().validate("12", Map.of()).code()).isEqualTo("tgfsm.validation.phone");
        assertThat(Validators.number(0, 1).validate("x", Map.of()).code()).isEqualTo("tgfsm.validation.number");
        assertThat(Validators.choice("a", "b").validate("c", Map.of()).args())
                .as("the options, listed by MessageResolver.errorText").containsExactly(List.of("a", "b"));
        assertThat(Validators.minLength(3).validate("ab", Map.of()).code()).isEqualTo("tgfsm.validation.minLength");
        assertThat(Validators.maxLength(1).validate("ab", Map.of()).code()).isEqualTo("tgfsm.validation.maxLength");
        assertThat(Validators.date("yyyy-MM-dd").validate("soon", Map.of()).args()).containsExactly("yyyy-MM-dd");
    }

    @Test
    void plainErrorsKeepWorkingWithoutACode() {
        Validation plain = Validation.error("Nope", "yes");
        assertThat(plain.code()).isNull();
        assertThat(plain.args()).isEmpty();
        assertThat(plain.suggestions()).containsExactly("yes");
        assertThat(Validators.matches(java.util.regex.Pattern.compile("\\d+"), "Digits only")
                .validate("a", Map.of()).error()).isEqualTo("Digits only");
    }

    @Test
    void composedValidatorsStopAtTheFirstError() {
        Validator both = Validators.minLength(2).and(Validators.integer(1, 9));
        assertThat(both.validate("1", Map.of()).code()).isEqualTo("tgfsm.validation.minLength");
        assertThat(both.validate("12", Map.of()).code()).isEqualTo("tgfsm.validation.max");
        assertThat(both.validate("12", Map.of()).isValid()).isFalse();
    }

    @Test
    void theEnglishResolverReturnsTheDefaultText() {
        MessageResolver english = MessageResolver.english();
        assertThat(english.resolve("tgfsm.validation.min", List.of("5"), "Minimum value is 5", Locale.GERMAN))
                .isEqualTo("Minimum value is 5");
    }
}
