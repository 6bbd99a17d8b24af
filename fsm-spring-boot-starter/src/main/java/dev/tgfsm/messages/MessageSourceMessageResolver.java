package dev.tgfsm.messages;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

import dev.tgfsm.Internal;
import dev.tgfsm.flow.MessageResolver;

/**
 * A {@link MessageResolver} backed by Spring's {@link MessageSource}: a code is looked up first in
 * the application's message source (so a bot can override or translate any text in its own
 * {@code messages*.properties}), then in tgfsm's bundle {@value #BASENAME} (English, German), and
 * falls back to the English default text. The locale comes from
 * {@link MessageResolver#localeOf}: the user's {@code language} preference, else Telegram's
 * {@code language_code}, else the default locale ({@code tgfsm.messages.default-locale}).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public class MessageSourceMessageResolver implements MessageResolver {

    /** The basename of tgfsm's own bundle. */
    public static final String BASENAME = "dev/tgfsm/messages";

    private final MessageSource application;

    private final ResourceBundleMessageSource defaults;

    private final Locale defaultLocale;

    /**
     * Creates the resolver with English as the language of users whose language is unknown.
     *
     * @param application the application's message source
     */
    public MessageSourceMessageResolver(MessageSource application) {
        this(application, Locale.ENGLISH);
    }

    /**
     * Creates the resolver.
     *
     * @param application the application's message source
     * @param defaultLocale the language of users whose language is unknown
     */
    public MessageSourceMessageResolver(MessageSource application, Locale defaultLocale) {
        this.defaultLocale = Objects.requireNonNull(defaultLocale, "defaultLocale must not be null");
        this.application = Objects.requireNonNull(application, "application must not be null");
        this.defaults = new ResourceBundleMessageSource();
        this.defaults.setBasename(BASENAME);
        this.defaults.setDefaultEncoding("UTF-8");
        this.defaults.setFallbackToSystemLocale(false);
    }

    @Override
    public String resolve(String code, List<Object> args, String defaultText, Locale locale) {
        Object[] arguments = args.toArray();
        String text = application.getMessage(code, arguments, null, locale);
        if (text == null) {
            text = defaults.getMessage(code, arguments, null, locale);
        }
        return text != null ? text : defaultText;
    }

    @Override
    public Locale defaultLocale() {
        return defaultLocale;
    }
}
