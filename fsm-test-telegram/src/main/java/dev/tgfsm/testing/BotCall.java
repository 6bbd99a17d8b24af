package dev.tgfsm.testing;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;

/**
 * One Bot API call a bot made, as recorded by {@link RecordingTelegramClient}.
 *
 * @param method the Bot API method name, lower case (for example {@code sendmessage})
 * @param request the request object the bot built
 * @param params the request as JSON parameters (snake_case names, as sent to Telegram)
 * @param result the plain JSON result the client answered with
 */
public record BotCall(String method, PartialBotApiMethod<?> request, Map<String, Object> params, Object result) {

    /**
     * Returns a parameter as text.
     *
     * @param name the parameter, for example {@code text} or {@code chat_id}
     * @return its value as a string, or {@code null}
     */
    public @Nullable String param(String name) {
        Object value = params.get(name);
        return value == null ? null : value.toString();
    }

    /**
     * Returns the text of a message-sending or editing call.
     *
     * @return the {@code text} parameter, or {@code null}
     */
    public @Nullable String text() {
        return param("text");
    }

    /**
     * Tells whether this call is of a method, ignoring case.
     *
     * @param name the method name, for example {@code "sendMessage"}
     * @return {@code true} if it is
     */
    public boolean is(String name) {
        return method.equalsIgnoreCase(name);
    }
}
