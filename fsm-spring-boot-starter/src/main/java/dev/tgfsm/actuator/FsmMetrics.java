package dev.tgfsm.actuator;

import java.time.Duration;
import java.util.Objects;

import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.telegram.UpdateIntakeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Micrometer meters for the update pipeline: {@code tgfsm.updates} (tagged {@code outcome}: handled,
 * failed, lock_timeout, conflict, duplicate, dropped: stopped before the lock by the rate limit or a
 * middleware, malformed: could not be parsed and was skipped), {@code tgfsm.update.duration} for handled updates, and
 * {@code tgfsm.transitions} (tagged with the target state) for every state change made by a handler.
 */
public final class FsmMetrics implements DispatchListener, StateChangeListener, UpdateIntakeListener {

    /** The counter of updates by outcome. */
    public static final String UPDATES = "tgfsm.updates";

    /** The timer of handled updates. */
    public static final String UPDATE_DURATION = "tgfsm.update.duration";

    /** The counter of state transitions. */
    public static final String TRANSITIONS = "tgfsm.transitions";

    private final MeterRegistry registry;

    private final Timer duration;

    /**
     * Creates the meters.
     *
     * @param registry where the meters go
     */
    public FsmMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.duration = Timer.builder(UPDATE_DURATION).description("Time to handle and commit one update")
                .register(registry);
        for (String outcome : new String[] { "handled", "failed", "lock_timeout", "conflict", "duplicate", "dropped", "malformed" }) {
            updates(outcome);
        }
    }

    private Counter updates(String outcome) {
        return Counter.builder(UPDATES).description("Updates by outcome").tag("outcome", outcome).register(registry);
    }

    @Override
    public void handled(Update update, Duration took) {
        updates("handled").increment();
        duration.record(took);
    }

    @Override
    public void failed(Update update, Throwable error) {
        updates(error instanceof LockTimeoutException ? "lock_timeout" : "failed").increment();
    }

    @Override
    public void conflicted(Update update) {
        updates("conflict").increment();
    }

    @Override
    public void dropped(Update update) {
        updates("dropped").increment();
    }

    @Override
    public void duplicate(Update update) {
        updates("duplicate").increment();
    }

    @Override
    public void malformed(int updateId, String reason) {
        updates("malformed").increment();
    }

    @Override
    public void stateChanging(StorageKey key, @Nullable String from, @Nullable String to) {
        Counter.builder(TRANSITIONS).description("State changes made by handlers")
                .tag("to", to == null ? "none" : to).register(registry).increment();
    }
}
