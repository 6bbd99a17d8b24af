package dev.tgfsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;

/**
 * A storage that notes the thread renewing a lock's lease, for tests that find the renewal thread
 * (to show it ends when its owner closes).
 */
public final class RenewalWatch extends ForwardingFsmStorage {

    private final AtomicReference<@Nullable Thread> renewer = new AtomicReference<>();

    private final CountDownLatch renewed = new CountDownLatch(1);

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
}
