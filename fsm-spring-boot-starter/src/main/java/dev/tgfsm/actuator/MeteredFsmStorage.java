package dev.tgfsm.actuator;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.tgfsm.Internal;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.ThrottleRequest;

/**
 * A storage that times every call of another one ({@code tgfsm.storage.calls}, tagged with the
 * operation and its outcome), counts busy locks ({@code tgfsm.lock.busy}: each attempt that found the
 * conversation locked by someone else, i.e. one lock wait step) and version conflicts
 * ({@code tgfsm.storage.conflicts}). Every method, default ones included, is forwarded
 * ({@link ForwardingFsmStorage}), so the wrapped backend keeps its single-round-trip implementations;
 * the health check, {@code start}, {@code stop} and {@code defaultTtl} are not timed.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class MeteredFsmStorage extends ForwardingFsmStorage {

    /** The timer of storage calls. */
    public static final String CALLS = "tgfsm.storage.calls";

    /** The counter of lock attempts that found the lock busy. */
    public static final String LOCK_BUSY = "tgfsm.lock.busy";

    /** The counter of version conflicts. */
    public static final String CONFLICTS = "tgfsm.storage.conflicts";

    private static final Set<String> UNTIMED = Set.of("health", "start", "stop", "defaultTtl");

    private final MeterRegistry registry;

    private final Counter lockBusy;

    private final Counter conflicts;

    /**
     * Creates the wrapper.
     *
     * @param delegate the storage measured
     * @param registry where the meters go
     */
    public MeteredFsmStorage(FsmStorage delegate, MeterRegistry registry) {
        super(delegate);
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.lockBusy = Counter.builder(LOCK_BUSY).description("Lock attempts that found the conversation busy")
                .register(registry);
        this.conflicts = Counter.builder(CONFLICTS).description("Writes refused because the version changed")
                .register(registry);
    }

    /**
     * Times the call under the method's name, with its outcome; lifecycle calls and the health
     * check, which are not round trips of an update, are made untimed.
     */
    @Override
    protected <T> T call(String operation, Supplier<T> call) {
        if (UNTIMED.contains(operation)) {
            return call.get();
        }
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        }
        catch (FsmConflictException ex) {
            outcome = "conflict";
            conflicts.increment();
            throw ex;
        }
        catch (RuntimeException ex) {
            outcome = "error";
            throw ex;
        }
        finally {
            Timer.builder(CALLS).description("Calls to the conversation storage").tag("operation", operation)
                    .tag("outcome", outcome).register(registry).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        LockAttempt attempt = super.lockAndLoad(lockKey, lease, keys);
        if (!attempt.acquired()) {
            lockBusy.increment();
        }
        return attempt;
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        LockAttempt attempt = super.lockAndLoad(lockKey, lease, keys, throttle);
        if (!attempt.acquired() && !attempt.throttled()) {
            lockBusy.increment();
        }
        return attempt;
    }
}
