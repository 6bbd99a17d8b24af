package dev.tgfsm.annotation;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.routing.UpdateKind;

/**
 * What a handler method's route provides to its parameters: the kind, whether there is a command,
 * a pattern, a callback prefix. The fallback has kind {@link UpdateKind#ANY} and nothing else.
 *
 * @param kind the update kind
 * @param command whether the route filters by command
 * @param pattern the route's text pattern, or {@code null}
 * @param callbackPrefix the callback data prefix, or {@code null}
 */
record RouteInfo(UpdateKind kind, boolean command, @Nullable Pattern pattern, @Nullable String callbackPrefix) {

    /** The route info of the fallback. */
    static final RouteInfo FALLBACK = new RouteInfo(UpdateKind.ANY, false, null, null);

    boolean callbacks() {
        return kind == UpdateKind.CALLBACK_QUERY || kind == UpdateKind.ANY;
    }

    boolean hasNamedGroup(String name) {
        return pattern != null && pattern.pattern().contains("(?<" + name + ">");
    }
}
