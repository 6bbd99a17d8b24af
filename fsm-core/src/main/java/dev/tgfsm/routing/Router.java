package dev.tgfsm.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;

/**
 * An {@link UpdateHandler} that runs the first matching {@link Route} of an update, or the fallback
 * when none matches.
 *
 * <p>The order is deterministic and fixed when the router is built:
 * <ol>
 * <li>higher {@linkplain RouteBuilder#priority priority} first (default 0 for all);</li>
 * <li>routes filtered by named states before any-state and no-state routes;</li>
 * <li>command routes before other routes;</li>
 * <li>then the order in which routes were added.</li>
 * </ol>
 * So with a state-specific text route for {@code Registration:EMAIL} and an any-state
 * {@code /cancel} command, a user in that state who sends {@code /cancel} reaches the text route;
 * give the command a priority to make it win everywhere.
 *
 * <p>The conversation's state is read only when a route with a state filter is tried (one storage
 * load per update at most, shared with the handler). While a handler runs, the update is bound to
 * the thread ({@link CurrentUpdate}). Immutable and thread-safe.
 */
public final class Router implements UpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** Orders routes as the class comment says; the sort is stable, keeping insertion order last. */
    static final Comparator<Route> PRECEDENCE = Comparator.comparingInt((Route r) -> -r.priority())
            .thenComparing(r -> !r.state().isSpecific())
            .thenComparing(r -> !r.isCommand());

    private final List<Route> routes;

    private final RouteHandler fallback;

    private final String botUsername;

    private Router(List<Route> routes, RouteHandler fallback, String botUsername) {
        this.routes = routes;
        this.fallback = fallback;
        this.botUsername = botUsername;
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
     * Finds the route for an update without running it.
     *
     * @param update the update
     * @return the match, or {@code null} if only the fallback applies
     */
    public RouteMatch match(UpdateContext update) {
        Supplier<String> state = new StateOnce(update);
        for (Route route : routes) {
            RouteMatch match = route.match(update, state, botUsername);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    /**
     * Runs the first matching route, or the fallback, with the update bound to the thread.
     *
     * @param update the update
     * @throws Exception what the handler threw
     */
    @Override
    public void handle(UpdateContext update) throws Exception {
        try (CurrentUpdate.Binding ignored = CurrentUpdate.bind(update)) {
            RouteMatch match = match(update);
            if (match != null) {
                log.debug("Update {} goes to {}", update.update().getUpdateId(), match.route().name());
                match.route().handler().handle(update, match);
            }
            else {
                fallback.handle(update, new RouteMatch(null, UpdateTexts.textOf(update.update()), null, null,
                        update.update().getCallbackQuery() != null ? update.update().getCallbackQuery().getData() : null, null));
            }
        }
    }

    /** Reads the state at most once per update, and only when asked. */
    private static final class StateOnce implements Supplier<String> {

        private final UpdateContext update;

        private boolean read;

        private String state;

        StateOnce(UpdateContext update) {
            this.update = update;
        }

        @Override
        public String get() {
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

        private String botUsername;

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
         * Sets what runs for updates no route matches (default: log at debug, do nothing).
         *
         * @param handler the fallback; its match has no route, only the text and callback data
         * @return this builder
         */
        public Builder fallback(RouteHandler handler) {
            this.fallback = Objects.requireNonNull(handler, "handler must not be null");
            return this;
        }

        /**
         * Sets the bot's username, so that {@code /start@OtherBot} is not taken as this bot's command.
         * Unset, commands addressed to any bot are accepted.
         *
         * @param username the username without {@code @}, or {@code null}
         * @return this builder
         */
        public Builder botUsername(String username) {
            this.botUsername = username == null || username.isBlank() ? null
                    : (username.startsWith("@") ? username.substring(1) : username);
            return this;
        }

        /**
         * Builds the router.
         *
         * @return the router
         * @throws FsmConfigurationException if two routes have identical filters, so that one could
         *         never run
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
            List<Route> sorted = new ArrayList<>(routes);
            sorted.sort(PRECEDENCE);
            return new Router(List.copyOf(sorted), fallback, botUsername);
        }
    }
}
