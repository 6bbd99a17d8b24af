package dev.tgfsm.flow;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.User;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.preferences.Preferences;

/**
 * Turns a message code into the text shown to a user: how validation errors become localisable.
 * The default, {@link #english()}, returns the English text it is given; the starter provides one
 * backed by Spring's {@code MessageSource}.
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
     * otherwise English.
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
        User from = sender(update.update());
        if (from != null && from.getLanguageCode() != null && !from.getLanguageCode().isBlank()) {
            return Locale.forLanguageTag(from.getLanguageCode());
        }
        return Locale.ENGLISH;
    }

    /**
     * Resolves the error of a verdict for the user of an update.
     *
     * @param update the update being handled
     * @param verdict an invalid verdict
     * @return the text to show
     */
    default String errorText(UpdateContext update, Validation verdict) {
        if (verdict.code() == null) {
            return verdict.error();
        }
        String text = resolve(verdict.code(), verdict.args(), verdict.error(), localeOf(update));
        return text != null ? text : verdict.error();
    }

    private static @Nullable User sender(org.telegram.telegrambots.meta.api.objects.Update u) {
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
        return (code, args, defaultText, locale) -> defaultText;
    }
}
