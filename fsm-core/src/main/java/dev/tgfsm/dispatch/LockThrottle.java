package dev.tgfsm.dispatch;

import dev.tgfsm.Internal;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;

/**
 * A rate-limit check handed by the pipeline's rate-limit step to the conversation's lock request
 * ({@link DispatcherHooks#throttleWithLock}), so that the check and the lock cost one round trip. The
 * dispatcher sends {@link #request()} with the first lock attempt of the update and reports the
 * outcome here exactly once: the storage's answer, or that the storage could not be reached.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public interface LockThrottle {

    /**
     * Returns the rate-limit step to run with the lock.
     *
     * @return the request
     */
    ThrottleRequest request();

    /**
     * Takes the storage's answer. When it refused, nothing was locked or loaded.
     *
     * @param update the update, before its unit of work
     * @param result the answer
     * @return {@code true} if the update goes on to its unit of work; {@code false} drops it
     */
    boolean decided(UpdateContext update, ThrottleResult result);

    /**
     * Takes the news that the lock request carrying the check failed to reach the storage (whether
     * the check counted is unknown).
     *
     * @param update the update, before its unit of work
     * @param failure the failure
     * @return {@code true} if the update goes on (it waits for the storage like any other, without
     *         the check), {@code false} drops it
     */
    boolean unavailable(UpdateContext update, StorageUnavailableException failure);
}
