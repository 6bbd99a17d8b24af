package dev.tgfsm.routing;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.callback.MalformedCallbackDataException;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * One entry of a {@link Router}: an update kind, a state filter, optional filters (commands, a
 * text pattern, callback data, custom predicates) and the handler to run. Immutable; build it with
 * {@link #on(UpdateKind)}, {@link #command(String...)} or {@link #callback()}.
 *
 * <p>Filters combine with AND; the commands of one route, and the states of its state filter,
 * combine with OR. A text pattern must match the whole text (use {@code .*} for "contains").
 */
public final class Route {

    private final String name;

    private final UpdateKind kind;

    private final StateFilter state;

    private final Set<String> commands;

    private final @Nullable Pattern pattern;

    private final @Nullable String callbackPrefix;

    private final @Nullable String callbackData;

    private final @Nullable CallbackCodec<?> callbackType;

    private final @Nullable Predicate<Record> callbackWhere;

    private final List<Predicate<UpdateContext>> predicates;

    private final int priority;

    private final RouteFilters filters;

    private final boolean perMessage;

    private final RouteHandler handler;

    /** The route's own log of stale typed buttons, so that no two bots (or tests) share warning windows. */
    private final @Nullable StaleButtonLog staleButtons;

    Route(RouteBuilder b, @Nullable Pattern pattern) {
        this.name = b.name;
        this.kind = b.kind;
        this.state = b.state;
        this.commands = Collections.unmodifiableSet(new LinkedHashSet<>(b.commands));
        this.pattern = pattern;
        this.callbackPrefix = b.callbackPrefix;
        this.callbackData = b.callbackData;
        this.callbackType = b.callbackType;
        this.callbackWhere = b.callbackWhere;
        this.predicates = List.copyOf(b.predicates);
        this.priority = b.priority;
        this.filters = new RouteFilters(b.contents, b.chatTypes);
        this.perMessage = b.perMessage;
        this.staleButtons = callbackType == null ? null
                : new StaleButtonLog(Clock.systemUTC(), StaleButtonLog.DEFAULT_INTERVAL);
        this.handler = callbackType == null ? b.handler : skippingMalformed(callbackType, b.handler);
    }

    /**
     * Starts a route for an update kind, accepting any state.
     *
     * @param kind the kind
     * @return the builder
     */
    public static RouteBuilder on(UpdateKind kind) {
        return new RouteBuilder(kind);
    }

    /**
     * Starts a route for messages that are one of these commands.
     *
     * @param commands command names, with or without the slash
     * @return the builder
     */
    public static RouteBuilder command(String... commands) {
        return on(UpdateKind.MESSAGE).command(commands);
    }

    /**
     * Starts a route for callback queries.
     *
     * @return the builder
     */
    public static RouteBuilder callback() {
        return on(UpdateKind.CALLBACK_QUERY);
    }

    /**
     * Returns the route's name, used in logs and error messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the update kind.
     *
     * @return the kind
     */
    public UpdateKind kind() {
        return kind;
    }

    /**
     * Returns the state filter.
     *
     * @return the filter
     */
    public StateFilter state() {
        return state;
    }

    /**
     * Returns the commands, lower case, without slashes.
     *
     * @return the commands, empty for a route without a command filter
     */
    public Set<String> commands() {
        return commands;
    }

    /**
     * Returns the priority; higher priorities are tried first.
     *
     * @return the priority
     */
    public int priority() {
        return priority;
    }

    /**
     * Returns the handler.
     *
     * @return the handler
     */
    public RouteHandler handler() {
        return handler;
    }

    /**
     * Tells whether the updates this route accepts are keyed per message ({@link RouteBuilder#perMessage()}).
     *
     * @return {@code true} if they are
     */
    public boolean isPerMessage() {
        return perMessage;
    }

    /**
     * Tells whether this route filters by command.
     *
     * @return {@code true} if it does
     */
    public boolean isCommand() {
        return !commands.isEmpty();
    }

    /** The codec of the route's typed callback data, or null. */
    @Nullable
    CallbackCodec<?> callbackType() {
        return callbackType;
    }

    /** Tells whether the route has a condition on its typed callback data, so goes before one without. */
    boolean hasCallbackCondition() {
        return callbackWhere != null;
    }

    /** Tries the route; the state is read only if kind and cheap filters pass. Returns null on no match. */
    @Nullable
    RouteMatch match(UpdateContext context, Supplier<@Nullable String> currentState, @Nullable String botUsername) {
        Update update = context.update();
        if (!kind.matches(context) || !filters.test(update)) {
            return null;
        }
        BotCommand command = null;
        if (!commands.isEmpty()) {
            command = BotCommand.parse(UpdateTexts.messageText(update)).orElse(null);
            if (command == null || !command.isFor(botUsername)
                    || !commands.contains(command.name().toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        String text = UpdateTexts.textOf(update);
        Matcher matcher = null;
        if (pattern != null) {
            if (text == null) {
                return null;
            }
            matcher = pattern.matcher(text);
            if (!matcher.matches()) {
                return null;
            }
        }
        String data = update.getCallbackQuery() != null ? update.getCallbackQuery().getData() : null;
        String suffix = data;
        if (callbackData != null && !callbackData.equals(data)) {
            return null;
        }
        if (callbackPrefix != null) {
            if (data == null || !data.startsWith(callbackPrefix)) {
                return null;
            }
            suffix = data.substring(callbackPrefix.length());
        }
        Record value = null;
        if (callbackType != null) {
            if (!callbackType.accepts(data)) {
                return null;
            }
            Object parsed = parsed(context, callbackType, data);
            if (parsed instanceof Record record) {
                if (callbackWhere != null && !callbackWhere.test(record)) {
                    return null;
                }
                value = record;
            }
        }
        if (!state.isAny() && !state.test(currentState.get())) {
            return null;
        }
        for (Predicate<UpdateContext> predicate : predicates) {
            if (!predicate.test(context)) {
                return null;
            }
        }
        return new RouteMatch(this, text, command, matcher, data, suffix, value);
    }

    /** Parses typed callback data once per update and type: the record, or the parse error. */
    private static Object parsed(UpdateContext context, CallbackCodec<?> codec, String data) {
        Object parsed = context.attribute(codec);
        if (parsed == null) {
            try {
                parsed = codec.unpack(data);
            }
            catch (MalformedCallbackDataException ex) {
                parsed = ex;
            }
            context.attribute(codec, parsed);
        }
        return parsed;
    }

    /** Runs the handler only for data that parsed; malformed data is logged (rate-limited) and left to be answered. */
    private RouteHandler skippingMalformed(CallbackCodec<?> codec, RouteHandler target) {
        return (update, match) -> {
            if (match.callbackValue() != null) {
                target.handle(update, match);
                return;
            }
            Object error = update.attribute(codec);
            staleButtons().stale(codec.prefix(), update.update().getUpdateId(),
                    error instanceof Exception ex ? ex.getMessage() : error, name);
        };
    }

    /** The log of this typed route's stale buttons. */
    StaleButtonLog staleButtons() {
        return Objects.requireNonNull(staleButtons, "only a typed callback route logs stale buttons");
    }

    /** Tells whether the update passes the filters that need no conversation: all but state and predicates. */
    boolean passesStatelessFilters(Update update) {
        if (!kind.matches(update) || !filters.test(update)) {
            return false;
        }
        String data = update.getCallbackQuery() != null ? update.getCallbackQuery().getData() : null;
        if ((callbackData != null && !callbackData.equals(data))
                || (callbackPrefix != null && (data == null || !data.startsWith(callbackPrefix)))) {
            return false;
        }
        String text = UpdateTexts.textOf(update);
        return pattern == null || (text != null && pattern.matcher(text).matches());
    }

    /** Tells whether both routes would always accept the same updates, so the later one never runs. */
    boolean shadows(Route other) {
        if (!predicates.isEmpty() || !other.predicates.isEmpty()) {
            return false;
        }
        boolean sameCommands = commands.isEmpty() ? other.commands.isEmpty()
                : !Collections.disjoint(commands, other.commands);
        return kind == other.kind && state.equals(other.state) && sameCommands && filters.equals(other.filters)
                && Objects.equals(patternText(), other.patternText())
                && Objects.equals(callbackPrefix, other.callbackPrefix)
                && Objects.equals(callbackData, other.callbackData)
                && Objects.equals(callbackType, other.callbackType)
                && (callbackType == null || callbackWhere == other.callbackWhere);
    }

    /**
     * Describes the route's filters.
     *
     * @return a description such as {@code "start [MESSAGE, any state, commands [start]]"}
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append(" [").append(kind).append(", ").append(state);
        if (!commands.isEmpty()) {
            s.append(", commands ").append(commands);
        }
        if (pattern != null) {
            s.append(", text ~ /").append(pattern.pattern()).append('/');
        }
        if (callbackPrefix != null) {
            s.append(", data starts with '").append(callbackPrefix).append('\'');
        }
        if (callbackData != null) {
            s.append(", data = '").append(callbackData).append('\'');
        }
        if (callbackType != null) {
            s.append(", data is ").append(callbackType.type().getSimpleName())
                    .append(callbackWhere != null ? " with a condition" : "");
        }
        s.append(filters);
        if (perMessage) {
            s.append(", per message");
        }
        if (!predicates.isEmpty()) {
            s.append(", ").append(predicates.size()).append(" predicate(s)");
        }
        return s.append(']').toString();
    }

    private @Nullable String patternText() {
        return pattern != null ? pattern.pattern() + '/' + pattern.flags() : null;
    }
}
