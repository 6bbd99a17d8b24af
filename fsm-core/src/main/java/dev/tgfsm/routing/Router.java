package dev.tgfsm.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateAudience;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.pipeline.UpdatePipeline;

/**
 * An {@link UpdateHandler} that runs the first matching {@link Route} of an update, or the fallback
 * when none matches.
 *
 * <p>The order is deterministic and fixed when the router is built:
 * <ol>
 * <li>higher {@linkplain RouteBuilder#priority priority} first (default 0 for all);</li>
 * <li>routes filtered by named states before any-state and no-state routes;</li>
 * <li>command routes before other routes;</li>
 * <li>typed callback routes with a condition on the record before those without;</li>
 * <li>then the order in which routes were added.</li>
 * </ol>
 * So with a state-specific text route for {@code Registration:EMAIL} and an any-state
 * {@code /cancel} command, a user in that state who sends {@code /cancel} reaches the text route;
 * give the command a priority to make it win everywhere.
 *
 * <p>The fallback only answers what can be answered: it runs for messages and callback queries in
 * private chats, groups and supergroups ({@link UpdateAudience#isAnswerable}). Every other update
 * no route matches (channel posts, reactions, boosts, business events, polls, kinds added to the
 * Bot API later, ...) is ignored with a debug line. Such an update, and every update the fallback
 * gets, is marked {@linkplain #isUnrouted unrouted}.
 *
 * <p>The conversation's state is read only when a route with a state filter is tried (one storage
 * load per update at most, shared with the handler). The update is bound to the thread
 * ({@link CurrentUpdate}) by the {@link UpdatePipeline}, once, around every
 * step. Immutable and thread-safe.
 */
public final class Router implements UpdateHandler, HandledKinds, MessageKeying {

    /** The update attribute set to {@code true} when no route matched the update. */
    public static final String UNROUTED_ATTRIBUTE = Router.class.getName() + ".unrouted";

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** Orders routes as the class comment says; the sort is stable, keeping insertion order last. */
    static final Comparator<Route> PRECEDENCE = Comparator.comparingInt((Route r) -> -r.priority())
            .thenComparing(r -> !r.state().isSpecific())
            .thenComparing(r -> !r.isCommand())
            .thenComparing(r -> !r.hasCallbackCondition());

    private final List<Route> routes;

    private final RouteHandler fallback;

    private final @Nullable String botUsername;

    private final boolean fallbackForEveryUpdate;

    private final Set<UpdateKind> kinds;

    private final List<Route> perMessageRoutes;

    private Router(List<Route> routes, RouteHandler fallback, boolean fallbackSet, @Nullable String botUsername,
            boolean fallbackForEveryUpdate) {
        this.routes = routes;
        this.fallback = fallback;
        EnumSet<UpdateKind> handled = EnumSet.noneOf(UpdateKind.class);
        routes.forEach(route -> handled.add(route.kind()));
        if (fallbackSet) {
            handled.addAll(fallbackForEveryUpdate ? Set.of(UpdateKind.ANY)
                    : Set.of(UpdateKind.MESSAGE, UpdateKind.CALLBACK_QUERY));
        }
        this.kinds = Collections.unmodifiableSet(handled);
        this.perMessageRoutes = routes.stream().filter(Route::isPerMessage).toList();
        this.botUsername = botUsername;
        this.fallbackForEveryUpdate = fallbackForEveryUpdate;
    }

    /**
     * Tells whether a router found no route for the update (whether or not its fallback ran).
     *
     * @param update the update being handled
     * @return {@code true} if no route matched it
     */
    public static boolean isUnrouted(UpdateContext update) {
        return Boolean.TRUE.equals(update.attribute(UNROUTED_ATTRIBUTE));
    }

    /**
     * Starts building a router.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the routes in the order they are tried.
     *
     * @return the routes
     */
    public List<Route> routes() {
        return routes;
    }

    /**
     * Renders the routes as a Mermaid {@code flowchart}: the states they listen in ("any state" and
     * "no state" included), each linked to the routes (handler, kind, commands) that handle updates in
     * it. The fallback is not drawn.
     *
     * @return the Mermaid source
     */
    public String toMermaid() {
        return RouteDiagram.of(routes);
    }

    /**
     * Returns the kinds of its routes, and those its fallback answers (messages and callback queries,
     * or {@link UpdateKind#ANY} when it runs for every update), if one was set.
     *
     * @return the kinds
     */
    @Override
    public Set<UpdateKind> handledKinds() {
        return kinds;
    }

    /**
     * Tells whether an update is keyed per message: whether it passes the kind, callback data, text,
     * content and chat filters of a {@linkplain RouteBuilder#perMessage() per-message} route.
     *
     * @param update the update
     * @return {@code true} if it does
     */
    @Override
    public boolean perMessage(Update update) {
        for (Route route : perMessageRoutes) {
            if (route.passesStatelessFilters(update)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds the route for an update without running it.
     *
     * @param update the update
     * @return the match, or {@code null} if only the fallback applies
     */
    public @Nullable RouteMatch match(UpdateContext update) {
        Supplier<@Nullable String> state = new StateOnce(update);
        String username = update.botUsername(botUsername);
        if (addressedToAnotherBot(update, username)) {
            return null;
        }
        for (Route route : routes) {
            RouteMatch match = route.match(update, state, username);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    /**
     * Runs the first matching route, or the fallback.
     *
     * @param update the update
     * @throws Exception what the handler threw
     */
    @Override
    public void handle(UpdateContext update) throws Exception {
        RouteMatch match = match(update);
        if (match != null) {
            log.debug("Update {} goes to {}", update.update().getUpdateId(), match.route().name());
            match.route().handler().handle(update, match);
        }
        else if (addressedToAnotherBot(update, update.botUsername(botUsername))) {
            log.debug("Update {} is a command for another bot; ignored", update.update().getUpdateId());
        }
        else if (fallbackForEveryUpdate) {
            runFallback(update);
        }
        else {
            update.attribute(UNROUTED_ATTRIBUTE, Boolean.TRUE);
            if (UpdateAudience.isAnswerable(update.update())) {
                runFallback(update);
            }
            else {
                log.debug("Update {} ({}) has no route and is not answered by the fallback; ignored",
                        update.update().getUpdateId(), UpdateAudience.kindOf(update.update()));
            }
        }
    }

    /** A command addressed to another bot ({@code /cancel@OtherBot} in a group) is for no route and no fallback. */
    private static boolean addressedToAnotherBot(UpdateContext update, @Nullable String username) {
        return username != null && BotCommand.of(update.update()).filter(c -> !c.isFor(username)).isPresent();
    }

    private void runFallback(UpdateContext update) throws Exception {
        String data = update.update().getCallbackQuery() != null ? update.update().getCallbackQuery().getData() : null;
        fallback.handle(update, new RouteMatch(null, UpdateTexts.textOf(update.update()), null, null, data, null));
    }

    /** Reads the state at most once per update, and only when asked. */
    private static final class StateOnce implements Supplier<@Nullable String> {

        private final UpdateContext update;

        private boolean read;

        private @Nullable String state;

        StateOnce(UpdateContext update) {
            this.update = update;
        }

        @Override
        public @Nullable String get() {
            if (!read) {
                state = update.hasConversation() ? update.context().getState() : null;
                read = true;
            }
            return state;
        }
    }

    /**
     * Collects routes and the fallback, and checks them when built.
     */
    public static final class Builder {

        private final List<Route> routes = new ArrayList<>();

        private RouteHandler fallback = (update, match) -> log.debug(
                "No route matched update {}; ignored", update.update().getUpdateId());

        private @Nullable String botUsername;

        private boolean fallbackSet;

        private boolean fallbackForEveryUpdate;

        private Builder() {
        }

        /**
         * Adds a route; among routes of equal rank, earlier ones win.
         *
         * @param route the route
         * @return this builder
         */
        public Builder route(Route route) {
            routes.add(Objects.requireNonNull(route, "route must not be null"));
            return this;
        }

        /**
         * Sets what runs for answerable updates no route matches (default: log at debug, do nothing);
         * see the class comment for which updates are answerable.
         *
         * @param handler the fallback; its match has no route, only the text and callback data
         * @return this builder
         */
        public Builder fallback(RouteHandler handler) {
            this.fallback = Objects.requireNonNull(handler, "handler must not be null");
            this.fallbackSet = true;
            return this;
        }

        /**
         * Runs the fallback for every update no route matches, including channel posts and kinds
         * without a user to answer. For routers that are not the bot's entry point (a scene's hook
         * runs through one); the bot's own router should keep the default.
         *
         * @return this builder
         */
        public Builder fallbackForEveryUpdate() {
            this.fallbackForEveryUpdate = true;
            return this;
        }

        /**
         * Sets the bot's username, so that {@code /start@OtherBot} is not taken as this bot's command.
         * Unset, commands addressed to any bot are accepted. An update whose
         * dispatcher was told its bot's username ({@code UpdateDispatcher.setBotUsername}) uses that instead.
         *
         * @param username the username without {@code @}, or {@code null}
         * @return this builder
         */
        public Builder botUsername(@Nullable String username) {
            this.botUsername = BotCommand.username(username);
            return this;
        }

        /**
         * Builds the router.
         *
         * @return the router
         * @throws FsmConfigurationException if two routes have identical filters, so that one could
         *         never run, or two record types of typed callback data share a prefix
         */
        public Router build() {
            for (int i = 0; i < routes.size(); i++) {
                for (int j = i + 1; j < routes.size(); j++) {
                    if (routes.get(i).shadows(routes.get(j))) {
                        throw new FsmConfigurationException("Ambiguous routes: " + routes.get(i) + " and "
                                + routes.get(j) + " accept the same updates, so only one could ever run;"
                                + " give one of them a different state, command, pattern or callback filter");
                    }
                }
            }
            CallbackPrefixes.check(routes);
            List<Route> sorted = new ArrayList<>(routes);
            sorted.sort(PRECEDENCE);
            return new Router(List.copyOf(sorted), fallback, fallbackSet, botUsername, fallbackForEveryUpdate);
        }
    }
}
