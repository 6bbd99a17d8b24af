package dev.tgfsm.actuator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.ratelimit.RateLimitListener;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.telegram.IntakeStatus;
import dev.tgfsm.telegram.UpdateIntakeListener;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Micrometer meters for the update pipeline: {@code tgfsm.updates} (tagged {@code outcome}: handled,
 * failed, lock_timeout, conflict, duplicate, dropped: stopped before the lock by the rate limit or a
 * middleware, malformed: could not be parsed and was skipped), {@code tgfsm.update.duration} for handled updates, and
 * {@code tgfsm.transitions} (tagged with the target state) for every state change a handler made and
 * its update committed, {@code tgfsm.updates.throttled} (tagged {@code notified}) for updates the rate
 * limit dropped, {@code tgfsm.timeouts} (tagged {@code outcome}: warned, expired) for idle timeouts
 * fired by the timeout scheduler, and {@code tgfsm.garbage.collected} for tracked messages cleaned up.
 */
public final class FsmMetrics
        implements
            DispatchListener,
            StateChangeListener,
            UpdateIntakeListener,
            RateLimitListener {

    /** The counter of updates by outcome. */
    public static final String UPDATES = "tgfsm.updates";

    /** The timer of handled updates. */
    public static final String UPDATE_DURATION = "tgfsm.update.duration";

    /** The counter of committed state transitions. */
    public static final String TRANSITIONS = "tgfsm.transitions";

    /** The counter of updates the rate limit dropped. */
    public static final String THROTTLED = "tgfsm.updates.throttled";

    /**
     * The gauge of updates a dispatcher accepted and has not finished (its queue depth), tagged
     * {@code bot}: running, or waiting for their conversation's turn or for a worker (registered by the
     * actuator configuration).
     */
    public static final String PENDING = "tgfsm.updates.pending";

    /** The counter of fired idle timeouts. */
    public static final String TIMEOUTS = "tgfsm.timeouts";

    /** The counter of tracked messages cleaned up. */
    public static final String GARBAGE_COLLECTED = "tgfsm.garbage.collected";

    /**
     * The counter of records the migration job of versioned data went through, tagged
     * {@code outcome} (counted by the starter's migration configuration).
     */
    public static final String MIGRATION_RECORDS = "tgfsm.migration.records";

    private final MeterRegistry registry;

    private final Timer duration;

    /** Held here: the function counters keep only weak references to what they read. */
    private final Supplier<@Nullable TimeoutScheduler> timeouts;

    /** Further bots' schedulers, held for their function counters. */
    private final List<Supplier<@Nullable TimeoutScheduler>> further = new CopyOnWriteArrayList<>();

    /**
     * Creates the meters.
     *
     * @param registry where the meters go
     */
    public FsmMetrics(MeterRegistry registry) {
        this(registry, () -> null, () -> 0);
    }

    /**
     * Creates the meters, with those of the timeout scheduler and the garbage registry, which are read
     * when the registry is scraped (either may come and go with the application's configuration).
     *
     * @param registry where the meters go
     * @param timeouts the timeout scheduler, or {@code null} when there is none
     * @param garbageCleanedUp the count of tracked messages the garbage registry cleaned up so far (0
     *        when there is none)
     */
    public FsmMetrics(MeterRegistry registry, Supplier<@Nullable TimeoutScheduler> timeouts,
            LongSupplier garbageCleanedUp) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        registerTimeouts(IntakeStatus.DEFAULT_BOT, timeouts);
        Objects.requireNonNull(garbageCleanedUp, "garbageCleanedUp must not be null");
        FunctionCounter.builder(GARBAGE_COLLECTED, garbageCleanedUp, LongSupplier::getAsLong)
                .description("Tracked messages cleaned up (deleted, or edited when too old) after the commit that "
                        + "collected them")
                .register(registry);
        this.timeouts = timeouts;
        this.duration = Timer.builder(UPDATE_DURATION).description("Time to handle and commit one update")
                .register(registry);
        for (String outcome : new String[]{"handled", "failed", "lock_timeout", "conflict", "duplicate", "dropped",
                "malformed"}) {
            updates(outcome);
        }
    }

    /**
     * Adds the {@value #TIMEOUTS} counters of a further bot's timeout scheduler, tagged with the
     * bot's name ({@code bot}; the default bot's are tagged {@value IntakeStatus#DEFAULT_BOT}).
     *
     * @param bot the bot's name
     * @param scheduler its scheduler
     */
    public void bindTimeouts(String bot, TimeoutScheduler scheduler) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        Supplier<@Nullable TimeoutScheduler> held = () -> scheduler;
        further.add(held);
        registerTimeouts(Objects.requireNonNull(bot, "bot must not be null"), held);
    }

    private void registerTimeouts(String bot, Supplier<@Nullable TimeoutScheduler> timeouts) {
        for (TimeoutScheduler.Outcome outcome : List.of(TimeoutScheduler.Outcome.WARNED,
                TimeoutScheduler.Outcome.EXPIRED)) {
            FunctionCounter.builder(TIMEOUTS, timeouts, t -> {
                TimeoutScheduler scheduler = t.get();
                return scheduler == null ? 0 : scheduler.handled(outcome);
            }).description("Idle timeouts fired: warnings sent and conversations expired")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).tag("bot", bot).register(registry);
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

    /** Counts the change once the update's unit of work committed it; a failed update counts nothing. */
    @Override
    public void stateChanging(StorageKey key, @Nullable String from, @Nullable String to) {
        Counter transitions = Counter.builder(TRANSITIONS).description("State changes made by handlers and committed")
                .tag("to", to == null ? "none" : to).register(registry);
        Optional<UpdateContext> update = CurrentUpdate.find().filter(UpdateContext::hasConversation);
        if (update.isPresent()) {
            update.get().transaction().afterCommit(transitions::increment);
        }
        else {
            transitions.increment();
        }
    }

    @Override
    public void throttled(UpdateContext update, RateLimiter.Decision decision, boolean notified) {
        Counter.builder(THROTTLED).description("Updates the rate limit dropped, by whether the user was told")
                .tag("notified", String.valueOf(notified)).register(registry).increment();
    }
}
