package dev.tgfsm.middleware;

import dev.tgfsm.dispatch.UpdateHandler;

/**
 * Wraps the application's {@link UpdateHandler} in middleware (rate limiting, garbage clean-up).
 * The dispatcher's configuration applies every such bean, in {@link org.springframework.core.Ordered
 * order}, the lowest order ending up outermost; {@link #applyAll} does exactly that.
 */
@FunctionalInterface
public interface UpdateHandlerDecorator {

    /**
     * Wraps a handler.
     *
     * @param handler the handler to wrap
     * @return the wrapping handler
     */
    UpdateHandler decorate(UpdateHandler handler);

    /**
     * Applies decorators so that the first one in the list is the outermost.
     *
     * @param handler the application's handler
     * @param decorators the decorators, outermost first
     * @return the decorated handler
     */
    static UpdateHandler applyAll(UpdateHandler handler, java.util.List<UpdateHandlerDecorator> decorators) {
        UpdateHandler result = handler;
        for (int i = decorators.size() - 1; i >= 0; i--) {
            result = decorators.get(i).decorate(result);
        }
        return result;
    }
}
