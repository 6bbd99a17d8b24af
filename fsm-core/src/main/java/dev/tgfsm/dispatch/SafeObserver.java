package dev.tgfsm.dispatch;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Keeps an observer's exceptions away from the updates it watches: a call that throws is logged (a
 * warning the first time for each of {@code started}, {@code enter} and {@code ended}, then at debug
 * level) and the update goes on, unobserved where the observer failed to start watching it.
 */
final class SafeObserver implements UpdateObserver {

    private static final Logger log = LoggerFactory.getLogger(SafeObserver.class);

    /** The watch of an update that the observer failed to start watching. */
    private static final Watch UNOBSERVED = new Watch() {

        @Override
        public void enter() {
        }

        @Override
        public void ended(Outcome outcome, @Nullable Throwable error) {
        }
    };

    private final UpdateObserver observer;

    private final AtomicBoolean startedFailed = new AtomicBoolean();

    private final AtomicBoolean enterFailed = new AtomicBoolean();

    private final AtomicBoolean endedFailed = new AtomicBoolean();

    SafeObserver(UpdateObserver observer) {
        this.observer = observer;
    }

    @Override
    public Watch started(Update update, long botId) {
        try {
            return new SafeWatch(observer.started(update, botId));
        }
        catch (RuntimeException ex) {
            failed(startedFailed, "started", ex);
            return UNOBSERVED;
        }
    }

    private void failed(AtomicBoolean said, String call, RuntimeException ex) {
        if (said.compareAndSet(false, true)) {
            log.warn("The update observer {} threw in {}; the update goes on (further failures are logged at debug "
                    + "level)", observer, call, ex);
        }
        else {
            log.debug("The update observer {} threw in {}", observer, call, ex);
        }
    }

    /** A watch whose exceptions are logged. */
    private final class SafeWatch implements Watch {

        private final Watch watch;

        SafeWatch(Watch watch) {
            this.watch = watch;
        }

        @Override
        public void enter() {
            try {
                watch.enter();
            }
            catch (RuntimeException ex) {
                failed(enterFailed, "enter", ex);
            }
        }

        @Override
        public void ended(Outcome outcome, @Nullable Throwable error) {
            try {
                watch.ended(outcome, error);
            }
            catch (RuntimeException ex) {
                failed(endedFailed, "ended", ex);
            }
        }
    }
}
