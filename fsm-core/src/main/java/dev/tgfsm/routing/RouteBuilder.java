package dev.tgfsm.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.state.FsmState;

/**
 * Builds a {@link Route}; {@link #handle} ends the chain.
 */
public final class RouteBuilder {

    final UpdateKind kind;

    @Nullable
    String name;

    StateFilter state = StateFilter.any();

    final Set<String> commands = new LinkedHashSet<>();

    private @Nullable String regex;

    private @Nullable Pattern compiled;

    @Nullable
    String callbackPrefix;

    @Nullable
    String callbackData;

    @Nullable
    CallbackCodec<?> callbackType;

    @Nullable
    Predicate<Record> callbackWhere;

    final List<Predicate<UpdateContext>> predicates = new ArrayList<>();

    final Set<ContentType> contents = EnumSet.noneOf(ContentType.class);

    final Set<ChatType> chatTypes = EnumSet.noneOf(ChatType.class);

    int priority;

    boolean perMessage;

    @Nullable
    RouteHandler handler;

    RouteBuilder(UpdateKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
    }

    /**
     * Returns the update kind of the route being built.
     *
     * @return the kind
     */
    public UpdateKind kind() {
        return kind;
    }

    /**
     * Names the route for logs and errors (default: a description of its filters).
     *
     * @param routeName the name
     * @return this builder
     */
    public RouteBuilder name(String routeName) {
        this.name = routeName;
        return this;
    }

    /**
     * Sets the state filter.
     *
     * @param filter the filter
     * @return this builder
     */
    public RouteBuilder state(StateFilter filter) {
        this.state = Objects.requireNonNull(filter, "filter must not be null");
        return this;
    }

    /**
     * Accepts only these states.
     *
     * @param states the states
     * @return this builder
     */
    public RouteBuilder inState(FsmState... states) {
        return state(StateFilter.in(states));
    }

    /**
     * Accepts only these state ids.
     *
     * @param ids the state ids
     * @return this builder
     */
    public RouteBuilder inState(String... ids) {
        return state(StateFilter.in(ids));
    }

    /**
     * Accepts only a conversation without a state.
     *
     * @return this builder
     */
    public RouteBuilder noState() {
        return state(StateFilter.none());
    }

    /**
     * Accepts any state (the default).
     *
     * @return this builder
     */
    public RouteBuilder anyState() {
        return state(StateFilter.any());
    }

    /**
     * Accepts only messages that are one of these commands ({@code /name}, {@code /name@bot});
     * compared ignoring case. Only for {@link UpdateKind#MESSAGE}.
     *
     * @param names the commands, with or without the slash
     * @return this builder
     */
    public RouteBuilder command(String... names) {
        for (String n : names) {
            String c = n == null ? "" : n.strip();
            c = c.startsWith("/") ? c.substring(1) : c;
            if (c.isEmpty() || c.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '@')) {
                throw new IllegalArgumentException("Invalid command name '" + n + "': use a word like \"start\"");
            }
            commands.add(c.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /**
     * Accepts only updates whose whole text matches a regular expression.
     *
     * @param expression the expression
     * @return this builder
     */
    public RouteBuilder text(String expression) {
        this.regex = Objects.requireNonNull(expression, "expression must not be null");
        this.compiled = null;
        return this;
    }

    /**
     * Accepts only updates whose whole text matches a compiled pattern.
     *
     * @param pattern the pattern
     * @return this builder
     */
    public RouteBuilder text(Pattern pattern) {
        this.compiled = Objects.requireNonNull(pattern, "pattern must not be null");
        this.regex = null;
        return this;
    }

    /**
     * Accepts only callback queries whose data starts with a prefix.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public RouteBuilder dataPrefix(String prefix) {
        this.callbackPrefix = Objects.requireNonNull(prefix, "prefix must not be null");
        return this;
    }

    /**
     * Accepts only callback queries whose data equals a value.
     *
     * @param data the data
     * @return this builder
     */
    public RouteBuilder data(String data) {
        this.callbackData = Objects.requireNonNull(data, "data must not be null");
        return this;
    }

    /**
     * Accepts only callback queries whose data is a packed record of a type (see
     * {@link CallbackCodec}); the handler finds the record in {@link RouteMatch#callbackValue}. Data
     * with the type's prefix that does not parse (a button from before the record changed) is taken
     * by this route without running its handler: it is logged and the button answered.
     *
     * @param type the record type
     * @return this builder
     * @throws FsmConfigurationException if the type cannot be callback data
     */
    public RouteBuilder data(Class<? extends Record> type) {
        this.callbackType = CallbackCodec.of(type);
        this.callbackWhere = null;
        return this;
    }

    /**
     * Accepts only messages that carry one of these types of content (a photo, a contact, ...); for
     * the kinds that carry a message: messages, edits, channel posts, business messages, albums
     * (judged by their first message) and {@link UpdateKind#ANY}.
     *
     * @param types the types, any of which will do
     * @return this builder
     */
    public RouteBuilder content(ContentType... types) {
        for (ContentType type : types) {
            contents.add(Objects.requireNonNull(type, "types must not contain null"));
        }
        return this;
    }

    /**
     * Accepts only callback queries whose data is a packed record of a type for which a condition
     * holds, such as {@code a -> a.action() == Action.DELETE}; see {@link #data(Class)}. Among routes
     * of equal priority and state filter, routes with such a condition are tried before those
     * without, so a catch-all route for the type never hides them.
     *
     * @param <T> the record type
     * @param type the record type
     * @param where the condition on the record
     * @return this builder
     * @throws FsmConfigurationException if the type cannot be callback data
     */
    @SuppressWarnings("unchecked")
    public <T extends Record> RouteBuilder data(Class<T> type, Predicate<? super T> where) {
        Objects.requireNonNull(where, "where must not be null");
        this.callbackType = CallbackCodec.of(type);
        this.callbackWhere = (Predicate<Record>) where;
        return this;
    }

    /**
     * Accepts only updates in a chat of one of these types (see {@link ChatType} for which chat that is).
     *
     * @param types the types, any of which will do
     * @return this builder
     */
    public RouteBuilder chatType(ChatType... types) {
        for (ChatType type : types) {
            chatTypes.add(Objects.requireNonNull(type, "types must not contain null"));
        }
        return this;
    }

    /**
     * Keeps the conversation of the updates this route accepts per message ({@link MessageKeying}):
     * a callback query that passes the route's kind, callback data, text, content and chat filters
     * (its state and custom predicates are not asked: the key is chosen before the state is read)
     * belongs to the conversation of the message with its button, whatever route then handles it.
     * Give per-message menus their own callback data prefix.
     *
     * @return this builder
     */
    public RouteBuilder perMessage() {
        this.perMessage = true;
        return this;
    }

    /**
     * Adds a custom condition.
     *
     * @param predicate tested after every other filter passed
     * @return this builder
     */
    public RouteBuilder filter(Predicate<UpdateContext> predicate) {
        predicates.add(Objects.requireNonNull(predicate, "predicate must not be null"));
        return this;
    }

    /**
     * Sets the priority (default 0); routes with a higher priority are tried first, before any
     * other ordering rule. Use it for escape commands that must win in every state.
     *
     * @param value the priority
     * @return this builder
     */
    public RouteBuilder priority(int value) {
        this.priority = value;
        return this;
    }

    /**
     * Ends the chain with a handler given the typed payload of the route's kind, such as the
     * {@code ChatJoinRequest} of a {@link UpdateKind#CHAT_JOIN_REQUEST} route.
     *
     * @param <T> the payload's type
     * @param event the event of the route's kind
     * @param eventHandler the code to run
     * @return the route
     * @throws FsmConfigurationException if the event is of another kind than the route
     */
    public <T> Route handle(UpdateEvent<T> event, EventHandler<T> eventHandler) {
        Objects.requireNonNull(eventHandler, "eventHandler must not be null");
        if (event.kind() != kind) {
            throw new FsmConfigurationException("Route " + (name != null ? name : kind) + " is for " + kind
                    + " updates but its handler takes the payload of " + event + "; use UpdateEvent." + kind);
        }
        return handle((update, match) -> eventHandler.handle(event.of(update.update()), update));
    }

    /**
     * Ends the chain.
     *
     * @param routeHandler the code to run
     * @return the route
     * @throws FsmConfigurationException if the filters do not fit the kind or the pattern is invalid
     */
    public Route handle(RouteHandler routeHandler) {
        this.handler = Objects.requireNonNull(routeHandler, "handler must not be null");
        if (name == null) {
            name = kind.name().toLowerCase(Locale.ROOT);
        }
        if (!commands.isEmpty() && kind != UpdateKind.MESSAGE) {
            throw new FsmConfigurationException("Route " + name + ": commands filter only MESSAGE routes, not " + kind);
        }
        if ((callbackPrefix != null || callbackData != null || callbackType != null)
                && kind != UpdateKind.CALLBACK_QUERY) {
            throw new FsmConfigurationException(
                    "Route " + name + ": callback data filters only CALLBACK_QUERY routes, not " + kind);
        }
        if (!contents.isEmpty() && !RouteFilters.carriesMessage(kind)) {
            throw new FsmConfigurationException("Route " + name
                    + ": content types filter only kinds that carry a message"
                    + " (MESSAGE, EDITED_MESSAGE, CHANNEL_POST, BUSINESS_MESSAGE, ALBUM, ANY, ...), not " + kind);
        }
        if (!chatTypes.isEmpty() && !RouteFilters.hasChat(kind)) {
            throw new FsmConfigurationException("Route " + name + ": " + kind + " updates have no chat, so a chat-type"
                    + " filter would never pass; remove it");
        }
        if (callbackPrefix != null && callbackData != null) {
            throw new FsmConfigurationException(
                    "Route " + name + ": give either a callback data prefix or exact data, not both");
        }
        if (callbackType != null && (callbackPrefix != null || callbackData != null)) {
            throw new FsmConfigurationException(
                    "Route " + name + ": typed callback data (" + callbackType.type().getSimpleName()
                            + ") already filters by its prefix; remove the data prefix or exact data");
        }
        Pattern p = compiled;
        if (regex != null) {
            try {
                p = Pattern.compile(regex);
            }
            catch (PatternSyntaxException ex) {
                throw new FsmConfigurationException("Route " + name + ": invalid text pattern '" + regex
                        + "': " + ex.getDescription() + " near index " + ex.getIndex()
                        + "; fix the regular expression");
            }
        }
        return new Route(this, p);
    }
}
