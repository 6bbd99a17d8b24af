package dev.tgfsm.telegram;

import java.net.URI;
import java.util.Locale;

import okhttp3.HttpUrl;
import org.telegram.telegrambots.meta.TelegramUrl;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.Internal;

/**
 * Turns {@code tgfsm.bot.api-url} into a {@link TelegramUrl}, and builds the URL of a Bot API method.
 *
 * <p>Internal: used by tgfsm's auto-configuration, not meant for applications.
 */
@Internal
public final class TelegramUrls {

    private TelegramUrls() {
    }

    /**
     * Parses a Bot API server's base URL.
     *
     * @param apiUrl an http or https URL
     * @return the URL
     * @throws FsmConfigurationException if it is not an http or https URL
     */
    public static TelegramUrl parse(String apiUrl) {
        URI uri;
        try {
            uri = URI.create(apiUrl.trim());
        }
        catch (IllegalArgumentException ex) {
            throw invalid(apiUrl);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            throw invalid(apiUrl);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
        return new TelegramUrl(scheme, uri.getHost(), port, false);
    }

    /** The URL of a Bot API method, as TelegramBots' client builds it. */
    static HttpUrl method(TelegramUrl url, String token, String method) {
        HttpUrl.Builder builder = new HttpUrl.Builder().scheme(url.getSchema()).host(url.getHost()).port(url.getPort())
                .addPathSegment("bot" + token);
        if (url.isTestServer()) {
            builder.addPathSegment("test");
        }
        return builder.addPathSegment(method).build();
    }

    private static FsmConfigurationException invalid(String apiUrl) {
        return new FsmConfigurationException("tgfsm.bot.api-url '" + apiUrl + "' is not an http or https URL.",
                "Set tgfsm.bot.api-url to the base URL of a Bot API server, for example http://localhost:8081, "
                        + "or remove it to use api.telegram.org.");
    }
}
