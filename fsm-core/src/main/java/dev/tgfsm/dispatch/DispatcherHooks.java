package dev.tgfsm.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.Internal;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.ThrottleStorage;

/**
 * The engine's hooks of the {@link UpdateDispatcher} and its {@link UpdateContext}, kept out of their
 * API: updates a webhook may take back ({@link Withdrawal}), the recovery of undecodable records
 * ({@link CorruptRecordRecovery}), and a rate-limit check riding in the conversation's lock request
 * or first load ({@link LockThrottle}).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class DispatcherHooks {

    private DispatcherHooks() {
    }

    /**
     * Accepts an update that the caller may take back (see {@link Withdrawal}), and tells when it is
     * done, as {@link UpdateDispatcher#submit(Update)} does; the future is also <em>cancelled</em>
     * when the run gave up because the update was withdrawn.
     *
     * @param dispatcher the dispatcher
     * @param update the update
     * @param withdrawal lets the caller take the update back; serves this update only
     * @return completes when the update is done
     * @throws RejectedExecutionException if the dispatcher is closed
     */
    public static CompletableFuture<Void> submit(UpdateDispatcher dispatcher, Update update, Withdrawal withdrawal) {
        return dispatcher.submit(update, withdrawal);
    }

    /**
     * Sets what happens to an update whose conversation record cannot be decoded (see
     * {@link CorruptRecordRecovery}); without one such an update fails like any other.
     *
     * @param dispatcher the dispatcher
     * @param recovery the recovery, or {@code null} for none
     */
    public static void corruptRecords(UpdateDispatcher dispatcher, @Nullable CorruptRecordRecovery recovery) {
        dispatcher.setCorruptRecords(recovery);
    }

    /**
     * Tells whether a rate-limit check on {@code storage} may ride in the update's lock request
     * ({@link #throttleWithLock}): the update will take its conversation's lock in that storage,
     * and nothing else runs between the rate limit and the lock. Only before the lock.
     *
     * @param update the update
     * @param storage the storage the check would use
     * @return {@code true} if the check may be handed to the lock request
     */
    public static boolean canThrottleWithLock(UpdateContext update, FsmStorage storage) {
        return update.canThrottleWithLock(storage);
    }

    /**
     * Tells whether a rate-limit check on {@code storage} may ride in the update's first storage
     * call ({@link #throttleWithLock}): the lock request when {@link #canThrottleWithLock} says so,
     * otherwise the first load of its unlocked unit of work ({@link ThrottleStorage#throttleAndLoad}).
     * Nothing else runs between the rate limit and that call. Only before the unit of work.
     *
     * @param update the update
     * @param storage the storage the check would use
     * @return {@code true} if the check may be handed to the unit of work
     */
    public static boolean canThrottleWithLoad(UpdateContext update, FsmStorage storage) {
        return update.canThrottleWithLoad(storage);
    }

    /**
     * Hands a rate-limit check to the update's lock request, instead of running it now: the
     * dispatcher runs it with the lock and reports its outcome to {@code check}. Only when
     * {@link #canThrottleWithLoad} said so.
     *
     * @param update the update
     * @param check the check
     * @throws IllegalStateException if the lock request cannot carry a check
     */
    public static void throttleWithLock(UpdateContext update, LockThrottle check) {
        update.throttleWithLock(check);
    }

    /**
     * Says that something runs between the rate limit and the lock, so a check may not ride in the
     * lock request (the pipeline calls it when a middleware before the lock does not only pass the
     * update on).
     *
     * @param update the update
     */
    public static void keepThrottleApartFromLock(UpdateContext update) {
        update.keepThrottleApartFromLock();
    }
}
