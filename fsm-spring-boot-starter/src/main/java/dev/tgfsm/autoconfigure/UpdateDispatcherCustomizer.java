package dev.tgfsm.autoconfigure;

import dev.tgfsm.dispatch.UpdateDispatcher;

/**
 * Customizes each bot's {@link UpdateDispatcher} (its worker threads, its observer, its pool's metrics)
 * when the starter makes it, before its first update. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface UpdateDispatcherCustomizer {

    /**
     * Customizes a dispatcher.
     *
     * @param dispatcher a bot's dispatcher, not yet started
     */
    void customize(UpdateDispatcher dispatcher);
}
