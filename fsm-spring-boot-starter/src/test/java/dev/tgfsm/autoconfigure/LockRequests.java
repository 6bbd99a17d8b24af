package dev.tgfsm.autoconfigure;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.ThrottleRequest;

/**
 * What the lock requests of updates did on the instances of a test, by turn (update id): wraps each
 * instance's storage ({@link #postProcessor()}) and records when an update's first lock request came
 * back (it took the lock or announced its turn: when Telegram may hand out the next update), whether
 * that first answer was "busy", when the lock was taken, and every lease token used for it (one
 * token per acquisition: a second one means an acquisition gave up and the update ran again).
 */
final class LockRequests {

    private final Map<Long, CompletableFuture<Void>> announced = new ConcurrentHashMap<>();

    private final Map<Long, Boolean> firstBusy = new ConcurrentHashMap<>();

    private final Map<Long, Long> acquiredAt = new ConcurrentHashMap<>();

    private final Map<Long, Set<String>> tokens = new ConcurrentHashMap<>();

    /**
     * Wraps every storage bean of an instance.
     *
     * @return the post-processor to register in each instance
     */
    BeanPostProcessor postProcessor() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof FsmStorage storage && !(bean instanceof ForwardingFsmStorage)
                        ? new Recording(storage) : bean;
            }
        };
    }

    /**
     * Completes once the first lock request of an update has come back on some instance.
     *
     * @param turn the update id
     * @return the future
     */
    CompletableFuture<Void> announcement(long turn) {
        return announced.computeIfAbsent(turn, id -> new CompletableFuture<>());
    }

    /**
     * Tells whether the first lock request of an update found the conversation busy.
     *
     * @param turn the update id
     * @return {@code null} if none was made
     */
    Boolean firstBusy(long turn) {
        return firstBusy.get(turn);
    }

    /**
     * When an update's lock was last taken.
     *
     * @param turn the update id
     * @return {@link System#nanoTime()} then, or {@code null} if never
     */
    Long acquiredAt(long turn) {
        return acquiredAt.get(turn);
    }

    /**
     * How many acquisitions (lease tokens) an update's lock requests used.
     *
     * @param turn the update id
     * @return the count
     */
    int acquisitions(long turn) {
        Set<String> used = tokens.get(turn);
        return used == null ? 0 : used.size();
    }

    private void record(Lease lease, LockAttempt attempt) {
        if (!lease.hasTurn()) {
            return;
        }
        long turn = lease.turn();
        tokens.computeIfAbsent(turn, t -> ConcurrentHashMap.newKeySet()).add(lease.token());
        firstBusy.putIfAbsent(turn, !attempt.acquired());
        if (attempt.acquired()) {
            acquiredAt.put(turn, System.nanoTime());
        }
        announcement(turn).complete(null);
    }

    /** Records every lock request with a turn that came back. */
    private final class Recording extends ForwardingFsmStorage {

        Recording(FsmStorage delegate) {
            super(delegate);
        }

        @Override
        public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
            LockAttempt attempt = super.lockAndLoad(lockKey, lease, keys);
            record(lease, attempt);
            return attempt;
        }

        @Override
        public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
                ThrottleRequest throttle) {
            LockAttempt attempt = super.lockAndLoad(lockKey, lease, keys, throttle);
            record(lease, attempt);
            return attempt;
        }
    }
}
