package dev.tgfsm.telegram;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import dev.tgfsm.Internal;
import dev.tgfsm.lifecycle.PhasedLifecycle;

/**
 * Stops long polling when the application stops, before the dispatcher drains its updates in flight,
 * so no update is fetched (and acknowledged to Telegram) that nobody will handle.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class LongPollingLifecycle extends PhasedLifecycle {

    /** The phase: stopped before the dispatcher. */
    public static final int PHASE = DISPATCHER_PHASE + 1024;

    private static final Logger log = LoggerFactory.getLogger(LongPollingLifecycle.class);

    private final TelegramBotsLongPollingApplication application;

    /**
     * Creates the lifecycle.
     *
     * @param application the long-polling application whose bots are stopped
     */
    public LongPollingLifecycle(TelegramBotsLongPollingApplication application) {
        super(PHASE);
        this.application = Objects.requireNonNull(application, "application must not be null");
    }

    @Override
    protected void onStop() {
        if (application.isRunning()) {
            try {
                application.stop();
            }
            catch (TelegramApiException ex) {
                log.debug("Long polling was already stopped: {}", ex.getMessage());
            }
        }
    }
}
