package dev.tgfsm.telegram;

import java.util.Objects;

import dev.tgfsm.autoconfigure.UpdateDispatcherLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import org.springframework.context.SmartLifecycle;

/**
 * Stops long polling when the application stops, before the dispatcher drains its updates in flight,
 * so no update is fetched (and acknowledged to Telegram) that nobody will handle.
 */
public final class LongPollingLifecycle implements SmartLifecycle {

    /** The phase: stopped before the dispatcher. */
    public static final int PHASE = UpdateDispatcherLifecycle.PHASE + 1024;

    private static final Logger log = LoggerFactory.getLogger(LongPollingLifecycle.class);

    private final TelegramBotsLongPollingApplication application;

    private volatile boolean running;

    /**
     * Creates the lifecycle.
     *
     * @param application the long-polling application whose bots are stopped
     */
    public LongPollingLifecycle(TelegramBotsLongPollingApplication application) {
        this.application = Objects.requireNonNull(application, "application must not be null");
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (application.isRunning()) {
            try {
                application.stop();
            }
            catch (TelegramApiException ex) {
                log.debug("Long polling was already stopped: {}", ex.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
