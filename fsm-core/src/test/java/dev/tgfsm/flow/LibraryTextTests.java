package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutConfig;

/**
 * The registry of tgfsm's texts: each setting's default is the text the registry recognises (so a
 * setting left alone is translated), the English patterns are valid, and the {@code {code}} syntax
 * of application texts is told apart from named placeholders such as {@code {minutes}}.
 */
class LibraryTextTests {

    private final MessageResolver english = MessageResolver.english();

    @Test
    void everySettingsDefaultIsTheTextItReplaces() {
        EscapeCommands escapes = EscapeCommands.ofDefaults();
        assertThat(escapes.cancelled()).isEqualTo(LibraryText.CANCELLED.setting());
        assertThat(escapes.nothingToCancel()).isEqualTo(LibraryText.NOTHING_TO_CANCEL.setting());
        assertThat(escapes.atFirstStep()).isEqualTo(LibraryText.AT_FIRST_STEP.setting());
        assertThat(escapes.tooManyAttempts()).isEqualTo(LibraryText.TOO_MANY_ATTEMPTS.setting());
        assertThat(escapes.chooseAnOption()).isEqualTo(LibraryText.CHOOSE_AN_OPTION.setting());
        assertThat(escapes.resetDone()).isEqualTo(LibraryText.RESET_DONE.setting());
        assertThat(TimeoutConfig.DEFAULT_WARNING_TEXT).isEqualTo(LibraryText.TIMEOUT_WARNING.setting());
        assertThat(TimeoutConfig.DEFAULT_EXPIRED_TEXT).isEqualTo(LibraryText.TIMEOUT_EXPIRED.setting());
        assertThat(RestartNotifier.DEFAULT_TEXT).isEqualTo(LibraryText.RESTART_NOTICE.setting());
        assertThat(RateLimitConfig.DEFAULT_NOTICE).isEqualTo(LibraryText.RATE_LIMITED.setting());
        assertThat(OutboxConfig.DEFAULT_ERROR_TEXT).isEqualTo(LibraryText.DELIVERY_FAILED.setting());
        assertThat(CorruptRecords.DEFAULT_RESET_NOTICE).isEqualTo(LibraryText.CORRUPT_RESET.setting());
        assertThat(CorruptRecords.DEFAULT_KEEP_NOTICE).isEqualTo(LibraryText.CORRUPT_KEPT.setting());
    }

    @Test
    void theEnglishPatternsFormatWithPluralForms() {
        for (LibraryText text : LibraryText.values()) {
            assertThat(new MessageFormat(text.english(), Locale.ENGLISH).format(new Object[]{1, "back"})).isNotBlank();
        }
        assertThat(english.text(Locale.GERMAN, LibraryText.TIMEOUT_WARNING, 1))
                .startsWith("Your session will expire in 1 minute due");
        assertThat(english.text(Locale.GERMAN, LibraryText.TIMEOUT_WARNING, 5))
                .startsWith("Your session will expire in 5 minutes due");
        assertThat(english.text(Locale.ENGLISH, LibraryText.HELP_HINT_WITH_BACK, "stop", "undo"))
                .isEqualTo("Use /stop to stop or /undo to go back.");
    }

    @Test
    void aSettingIsTranslatedWhileItKeepsItsDefaultAndShownAsWrittenOtherwise() {
        assertThat(
                english.configured(Locale.ENGLISH, LibraryText.TIMEOUT_WARNING, TimeoutConfig.DEFAULT_WARNING_TEXT, 1))
                .startsWith("Your session will expire in 1 minute due");
        assertThat(english.configured(Locale.ENGLISH, LibraryText.TIMEOUT_WARNING, "Bye in {minutes} min", 1))
                .isEqualTo("Bye in {minutes} min");
        assertThat(english.configured(Locale.ENGLISH, LibraryText.TIMEOUT_EXPIRED, null)).isNull();
    }

    @Test
    void onlyACodeWithADotInBracesIsAnApplicationCode() {
        assertThat(MessageResolver.codeOf("{order.size}")).isEqualTo("order.size");
        assertThat(MessageResolver.codeOf("{app.order.size-2}")).isEqualTo("app.order.size-2");
        assertThat(MessageResolver.codeOf("{minutes}")).isNull();
        assertThat(MessageResolver.codeOf("Pick {order.size}")).isNull();
        assertThat(MessageResolver.codeOf("{order size}")).isNull();
        assertThat(english.appText(Locale.GERMAN, "Plain text")).isEqualTo("Plain text");
        assertThat(english.appText(Locale.GERMAN, "{order.size}")).as("unknown: shown as written")
                .isEqualTo("{order.size}");
    }
}
