package dev.tgfsm.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the router answers on its own ({@code tgfsm.routing.*}). The fallback only ever answers messages
 * and callback queries in private chats, groups and supergroups; every callback query is answered.
 */
@ConfigurationProperties("tgfsm.routing")
public class RoutingProperties {

    /**
     * A short notice shown on a pressed button that no handler routes (for example "This button
     * is no longer active"), or an application's message code in braces ({@code {app.button-gone}})
     * resolved in the user's language; empty answers it silently.
     */
    private @Nullable String unroutedCallbackText;

    /**
     * Returns the unrouted-callback text.
     *
     * @return the text, or {@code null}
     */
    public @Nullable String getUnroutedCallbackText() {
        return this.unroutedCallbackText;
    }

    /**
     * Sets the unrouted-callback text.
     *
     * @param unroutedCallbackText the text, or {@code null}
     */
    public void setUnroutedCallbackText(@Nullable String unroutedCallbackText) {
        this.unroutedCallbackText = unroutedCallbackText;
    }
}
