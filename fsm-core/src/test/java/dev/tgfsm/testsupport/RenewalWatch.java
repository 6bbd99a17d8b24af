package dev.tgfsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;

/**
 * A storage that notes the thread renewing a lock's lease, for tests that find the renewal thread
 * (to show it ends when its owner closes), and counts the renewals asked for each lock.
 */
public final class RenewalWatch extends ForwardingFsmStorage {

    private final AtomicReference<@Nullable Thread> renewer = new AtomicReference<>();

    private final CountDownLatch renewed = new CountDownLatch(1);

    private final Map<StorageKey, AtomicInteger> renewals = new ConcurrentHashMap<>();

    /**
     * Watches a storage.
     *
     * @param storage the storage every call goes to
     */
    public RenewalWatch(FsmStorage storage) {
        super(storage);
    }

    @Override
    public boolean renewLock(StorageKey key, Lease lease) {
        renewer.compareAndSet(null, Thread.currentThread());
        renewals.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        renewed.countDown();
        return super.renewLock(key, lease);
    }

    /**
     * Waits for the first renewal and returns the thread that made it.
     *
     * @param timeout the longest wait
     * @return the renewing thread
     * @throws InterruptedException if interrupted while waiting
     */
    public Thread awaitRenewer(Duration timeout) throws InterruptedException {
        assertThat(renewed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("the lease was renewed").isTrue();
        Thread thread = renewer.get();
        assertThat(thread).isNotNull();
        return thread;
    }

    /**
     * Returns how many renewals of a lock were asked for so far, answered or not.
     *
     * @param key the lock's conversation
     * @return the count
     */
    public int renewals(StorageKey key) {
        AtomicInteger count = renewals.get(key);
        return count == null ? 0 : count.get();
    }

    /**
     * Waits until a lock's renewals reach a count.
     *
     * @param key the lock's conversation
     * @param count the count to reach
     * @param timeout the longest wait
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitRenewals(StorageKey key, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (renewals(key) < count) {
            assertThat(System.nanoTime() - deadline).as("%d renewals of %s within %s", count, key, timeout)
                    .isNegative();
            Thread.sleep(5);
        }
    }
}
