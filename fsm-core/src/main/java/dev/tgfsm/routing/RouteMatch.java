package dev.tgfsm.routing;

import java.util.regex.MatchResult;
import java.util.regex.Matcher;

import org.jspecify.annotations.Nullable;

/**
 * What a route's filters found in the update it matched: the parsed command, the pattern's groups,
 * the callback data. Parts the route does not filter on are {@code null}.
 *
 * <p>Part of the API: a {@link RouteHandler} and an annotated handler method's {@code RouteMatch}
 * parameter get it; only the router makes one.
 */
public final class RouteMatch {

    private final @Nullable Route route;

    private final @Nullable String text;

    private final @Nullable BotCommand command;

    private final @Nullable MatchResult groups;

    private final @Nullable String callbackData;

    private final @Nullable String callbackSuffix;

    private final @Nullable Record callbackValue;

    RouteMatch(@Nullable Route route, @Nullable String text, @Nullable BotCommand command, @Nullable MatchResult groups,
            @Nullable String callbackData, @Nullable String callbackSuffix) {
        this(route, text, command, groups, callbackData, callbackSuffix, null);
    }

    RouteMatch(@Nullable Route route, @Nullable String text, @Nullable BotCommand command, @Nullable MatchResult groups,
            @Nullable String callbackData, @Nullable String callbackSuffix, @Nullable Record callbackValue) {
        this.route = route;
        this.text = text;
        this.command = command;
        this.groups = groups;
        this.callbackData = callbackData;
        this.callbackSuffix = callbackSuffix;
        this.callbackValue = callbackValue;
    }

    /**
     * Returns the route that matched.
     *
     * @return the route, {@code null} for the fallback
     */
    public @Nullable Route route() {
        return route;
    }

    /**
     * Returns the update's text: a message's text or caption, an inline query's query, a callback's
     * data.
     *
     * @return the text, or {@code null}
     */
    public @Nullable String text() {
        return text;
    }

    /**
     * Returns the command, for routes filtered by command.
     *
     * @return the command, or {@code null}
     */
    public @Nullable BotCommand command() {
        return command;
    }

    /**
     * Returns the arguments after the command.
     *
     * @return the arguments, empty for a route without a command
     */
    public String commandArgs() {
        return command != null ? command.args() : "";
    }

    /**
     * Returns the result of the route's pattern.
     *
     * @return the groups, or {@code null} for a route without a pattern
     */
    public @Nullable MatchResult groups() {
        return groups;
    }

    /**
     * Returns a group of the route's pattern.
     *
     * @param index the group, 0 for the whole text
     * @return the group's text, or {@code null} if it did not participate
     * @throws IllegalStateException for a route without a pattern
     */
    public @Nullable String group(int index) {
        return requireGroups().group(index);
    }

    /**
     * Returns a named group of the route's pattern.
     *
     * @param name the group's name
     * @return the group's text, or {@code null} if it did not participate
     * @throws IllegalStateException for a route without a pattern
     */
    public @Nullable String group(String name) {
        MatchResult result = requireGroups();
        if (result instanceof Matcher matcher) {
            return matcher.group(name);
        }
        throw new IllegalStateException("Named groups are not available from " + result);
    }

    /**
     * Returns the data of a callback query.
     *
     * @return the data, or {@code null} when the update is not a callback query
     */
    public @Nullable String callbackData() {
        return callbackData;
    }

    /**
     * Returns the callback data after the route's prefix ({@code "book:42"} with prefix
     * {@code "book:"} gives {@code "42"}); the whole data when the route has no prefix.
     *
     * @return the rest of the data, or {@code null} when the update is not a callback query
     */
    public @Nullable String callbackSuffix() {
        return callbackSuffix;
    }

    /**
     * Returns the record parsed from the callback data, for routes filtered by a record type
     * ({@link RouteBuilder#data(Class)}).
     *
     * @return the record, or {@code null} for other routes
     */
    public @Nullable Record callbackValue() {
        return callbackValue;
    }

    /**
     * Returns the record parsed from the callback data as its type.
     *
     * @param <T> the record type
     * @param type the record type of the route
     * @return the record
     * @throws IllegalStateException if the route is not filtered by that record type
     */
    public <T extends Record> T callbackValue(Class<T> type) {
        if (!type.isInstance(callbackValue)) {
            throw new IllegalStateException("Route " + route + " does not carry a " + type.getSimpleName());
        }
        return type.cast(callbackValue);
    }

    private MatchResult requireGroups() {
        if (groups == null) {
            throw new IllegalStateException("Route " + route + " has no text pattern, so there are no groups");
        }
        return groups;
    }
}
