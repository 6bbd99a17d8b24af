package dev.tgfsm.autoconfigure;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The language of the texts users see ({@code tgfsm.messages.*}). Each user gets the language of
 * their {@code language} preference, else Telegram's {@code language_code}, else this default; tgfsm
 * ships English and German, and the application's {@code messages*.properties} (Spring Boot's
 * {@code spring.messages.basename}) can override or add any code.
 */
@ConfigurationProperties("tgfsm.messages")
public class MessagesProperties {

    /** The language of users whose language is unknown (no preference, no language_code). */
    private Locale defaultLocale = Locale.ENGLISH;

    /**
     * Returns the default language.
     *
     * @return the locale
     */
    public Locale getDefaultLocale() {
        return defaultLocale;
    }

    /**
     * Sets the default language.
     *
     * @param defaultLocale the locale, for example {@code de}
     */
    public void setDefaultLocale(Locale defaultLocale) {
        this.defaultLocale = defaultLocale;
    }
}
