package dev.tgfsm.autoconfigure;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Used when the application defines no {@link UpdateHandler}: logs each update at debug level and
 * changes nothing.
 */
final class NoUpdateHandler implements UpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(NoUpdateHandler.class);

    @Override
    public void handle(UpdateContext update) {
        log.debug("No handler for update {}: define an UpdateHandler bean or a @BotController",
                update.update().getUpdateId());
    }

    @Override
    public String toString() {
        return "NoUpdateHandler";
    }
}
