package dev.tgfsm.autoconfigure.album;

import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.autoconfigure.UpdateDispatcherLifecycle;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.lifecycle.PhasedLifecycle;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Starts gathering albums with the dispatcher, before intake: attaches the dispatcher to the
 * {@link AlbumCollector}, switches gathering on or off, and hands the album entries of the deadline
 * index to the {@link TimeoutScheduler} (started here if idle timeouts did not start it), so that
 * another instance takes over the albums of one that stopped. Stops the collector's timers before
 * the dispatcher stops.
 */
final class AlbumLifecycle extends PhasedLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlbumLifecycle.class);

    private final AlbumCollector collector;

    private final UpdateDispatcher dispatcher;

    private final @Nullable TimeoutScheduler scheduler;

    private final BooleanSupplier gathering;

    /**
     * Creates the lifecycle.
     *
     * @param collector the collector in the pipeline
     * @param dispatcher runs the albums
     * @param scheduler claims the take-over entries, or {@code null} when there is none (then an
     *        album whose instance stopped is not taken over)
     * @param gathering tells at start whether parts are gathered (once the handlers are known)
     */
    public AlbumLifecycle(AlbumCollector collector, UpdateDispatcher dispatcher, @Nullable TimeoutScheduler scheduler,
            BooleanSupplier gathering) {
        super(UpdateDispatcherLifecycle.PHASE + 1);
        this.collector = Objects.requireNonNull(collector, "collector must not be null");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        this.scheduler = scheduler;
        this.gathering = Objects.requireNonNull(gathering, "gathering must not be null");
    }

    @Override
    protected void onStart() {
        boolean on = gathering.getAsBoolean();
        collector.attach(dispatcher);
        collector.setGathering(on);
        if (scheduler != null) {
            scheduler.handleDestiny(AlbumCollector.DESTINY, collector::onDue);
            scheduler.start();
        }
        else if (on) {
            log.warn("Albums are gathered but no TimeoutScheduler runs (tgfsm.timeout.enabled=false or no"
                    + " TelegramClient): an album whose instance stops before handling it is handled only when"
                    + " that instance's conversation is looked at again");
        }
        log.debug("Albums are {}", on ? "gathered, quiet time " + collector.config().quietTime() : "not gathered");
    }

    @Override
    protected void onStop() {
        collector.close();
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
