package dev.tgfsm.flow;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;

import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.preferences.Preferences;

/**
 * Turns a message code into the text shown to a user, in the user's language: the one way every
 * text tgfsm shows ({@link LibraryText}), every validation error and every application text written
 * as {@code {app.code}} (prompts, button labels, configured notices) is resolved. The default,
 * {@link #english()}, returns the English text it is given; the starter provides one backed by
 * Spring's {@code MessageSource}.
 */
@FunctionalInterface
public interface MessageResolver {

    /**
     * Resolves a message.
     *
     * @param code the message code, never {@code null}
     * @param args the arguments of the message
     * @param defaultText the English text, returned when the code is unknown
     * @param locale the user's locale
     * @return the text
     */
    String resolve(String code, List<Object> args, String defaultText, Locale locale);

    /**
     * The locale of the user of an update: the {@code language} preference if set (see
     * {@link Preferences#LANGUAGE}), otherwise Telegram's {@code language_code} of the sender,
     * otherwise the {@linkplain #defaultLocale() default}. Reading the preference loads the
     * {@value Preferences#DESTINY} slot unless it is preloaded
     * ({@link ContextConfig#withPreload}, as the starter does).
     *
     * @param update the update being handled
     * @return the locale
     */
    default Locale localeOf(UpdateContext update) {
        if (update.hasConversation()) {
            String language = new Preferences(update.context()).get(Preferences.LANGUAGE, String.class);
            if (language != null && !language.isBlank()) {
                return Locale.forLanguageTag(language);
            }
        }
        String code = languageCodeOf(update.update());
        return code != null ? Locale.forLanguageTag(code) : defaultLocale();
    }

    /**
     * The locale of an update's sender without reading the conversation (for notices sent when the
     * conversation cannot or should not be loaded: throttled updates, unreadable records, outages):
     * Telegram's {@code language_code}, else the {@linkplain #defaultLocale() default}.
     *
     * @param update an update
     * @return the locale
     */
    default Locale localeOfSender(Update update) {
        String code = languageCodeOf(update);
        return code != null ? Locale.forLanguageTag(code) : defaultLocale();
    }

    /**
     * Returns Telegram's {@code language_code} of the user who sent an update.
     *
     * @param update an update
     * @return the code, or {@code null} when the update has no sender or the sender none
     */
    static @Nullable String languageCodeOf(Update update) {
        User from = sender(update);
        return from != null && from.getLanguageCode() != null && !from.getLanguageCode().isBlank()
                ? from.getLanguageCode() : null;
    }

    /**
     * The locale of a conversation outside an update (timeout warnings, restart notices): the
     * {@code language} preference if set, otherwise the language Telegram last reported for the
     * user, otherwise the {@linkplain #defaultLocale() default}. Reads the preferences' slot.
     *
     * @param conversation the conversation's context
     * @param languageCode the language code last seen from the user, or {@code null}
     * @return the locale
     */
    default Locale localeOf(FsmContext conversation, @Nullable String languageCode) {
        String language = new Preferences(conversation).get(Preferences.LANGUAGE, String.class);
        if (language == null || language.isBlank()) {
            language = languageCode;
        }
        return language == null || language.isBlank() ? defaultLocale() : Locale.forLanguageTag(language);
    }

    /**
     * The locale of users whose language is unknown.
     *
     * @return English unless overridden
     */
    default Locale defaultLocale() {
        return Locale.ENGLISH;
    }

    /**
     * Resolves one of tgfsm's own texts.
     *
     * @param locale the user's locale
     * @param text the text
     * @param args the arguments of its pattern
     * @return the text in the user's language, else in English
     */
    default String text(Locale locale, LibraryText text, Object... args) {
        List<Object> arguments = Arrays.asList(args);
        String english = args.length == 0 ? text.english()
                : new MessageFormat(text.english(), Locale.ENGLISH).format(args);
        String resolved = resolve(text.code(), arguments, english, locale);
        return resolved != null ? resolved : english;
    }

    /**
     * Resolves a text a setting can replace: the setting's default is resolved as {@code text} in
     * the user's language, a setting of the form {@code {app.code}} as the application's code, and
     * any other setting is returned as it is.
     *
     * @param locale the user's locale
     * @param text the text the setting replaces
     * @param configured the setting, or {@code null} when the text is off
     * @param args the arguments of the pattern
     * @return the text, or {@code null} when {@code configured} is {@code null}
     */
    default @Nullable String configured(Locale locale, LibraryText text, @Nullable String configured, Object... args) {
        if (configured == null) {
            return null;
        }
        return configured.equals(text.setting()) ? text(locale, text, args) : appText(locale, configured, args);
    }

    /**
     * Resolves an application's text: one of the form {@code {app.code}} (a code with at least one
     * dot, in braces) through the message source, with the arguments; any other text as it is. An
     * unknown code shows as written, braces included.
     *
     * @param locale the user's locale
     * @param text the text or {@code {code}}
     * @param args the arguments of the message
     * @return the text
     */
    default String appText(Locale locale, String text, Object... args) {
        String code = codeOf(text);
        if (code == null) {
            return text;
        }
        String resolved = resolve(code, Arrays.asList(args), text, locale);
        return resolved != null ? resolved : text;
    }

    /**
     * Returns the code of a text of the form {@code {app.code}}.
     *
     * @param text a text
     * @return the code, or {@code null} when the text is not a code in braces
     */
    static @Nullable String codeOf(String text) {
        Matcher m = LibraryText.CODE_SYNTAX.matcher(text);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Resolves the error of a verdict for the user of an update. An argument that is a list (the
     * options of {@link Validators#choice}) is shown as its elements joined by {@code ", "}, each
     * application text of the form {@code {app.code}} in the user's language.
     *
     * @param update the update being handled
     * @param verdict an invalid verdict
     * @return the text to show
     */
    default String errorText(UpdateContext update, Validation verdict) {
        if (verdict.code() == null) {
            return verdict.error();
        }
        Locale locale = localeOf(update);
        List<Object> args = new ArrayList<>();
        for (Object arg : verdict.args()) {
            args.add(arg instanceof List<?> list
                    ? list.stream().map(e -> appText(locale, String.valueOf(e))).collect(Collectors.joining(", "))
                    : arg);
        }
        String text = resolve(verdict.code(), args, verdict.error(), locale);
        return text != null ? text : verdict.error();
    }

    private static @Nullable User sender(Update u) {
        if (u.getMessage() != null) {
            return u.getMessage().getFrom();
        }
        if (u.getCallbackQuery() != null) {
            return u.getCallbackQuery().getFrom();
        }
        if (u.getEditedMessage() != null) {
            return u.getEditedMessage().getFrom();
        }
        return u.getInlineQuery() != null ? u.getInlineQuery().getFrom() : null;
    }

    /**
     * The resolver that always returns the English default text.
     *
     * @return the resolver
     */
    static MessageResolver english() {
        return new MessageResolver() {

            @Override
            public String resolve(String code, List<Object> args, String defaultText, Locale locale) {
                return defaultText;
            }

            @Override
            public Locale localeOf(UpdateContext update) {
                return Locale.ENGLISH; // the same text in every language: no need to read the preferences
            }

            @Override
            public Locale localeOf(FsmContext conversation, @Nullable String languageCode) {
                return Locale.ENGLISH;
            }
        };
    }
}
