package dev.tgfsm.middleware;

import java.util.Objects;

import org.springframework.core.Ordered;

import dev.tgfsm.dispatch.UpdateHandler;

/**
 * An {@link UpdateHandlerDecorator} with a fixed order, made from a function.
 */
final class OrderedDecorator implements UpdateHandlerDecorator, Ordered {

    /** The order of the rate limiter: outermost, so throttled updates cost nothing more. */
    static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /** The order of the garbage registry: inside the rate limiter. */
    static final int GARBAGE_ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

    private final int order;

    private final UpdateHandlerDecorator decorator;

    OrderedDecorator(int order, UpdateHandlerDecorator decorator) {
        this.order = order;
        this.decorator = Objects.requireNonNull(decorator, "decorator must not be null");
    }

    @Override
    public UpdateHandler decorate(UpdateHandler handler) {
        return decorator.decorate(handler);
    }

    @Override
    public int getOrder() {
        return order;
    }
}
