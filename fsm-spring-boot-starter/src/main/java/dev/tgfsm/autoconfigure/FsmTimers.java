package dev.tgfsm.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.tgfsm.Internal;

/**
 * The executors of tgfsm's background timers, built with Spring Boot's
 * {@link ThreadPoolTaskSchedulerBuilder} (so {@code spring.task.scheduling.*} customizers apply) and,
 * where requested, on virtual threads: the lease renewals ({@value #LEASE_RENEWALS}), the album
 * timers ({@value #ALBUMS}) and the background jobs ({@value #BACKGROUND}: the outbox flush, its
 * redeliveries, the storage sweep and the idle-timeout polls). Each is a separate pool, so a slow background job never delays a lease
 * renewal. The names are also the {@code name} tag of their {@code executor.*} meters.
 *
 * <p>Registered as a bean of this type only (not as a {@code TaskScheduler} or {@code Executor}), so it
 * never takes the place of the application's own scheduler or task executor. {@link #destroy()},
 * called when the context closes, shuts the pools down.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmTimers implements DisposableBean {

    /** The name of the lease renewal pool. */
    public static final String LEASE_RENEWALS = "tgfsm.lease.renewals";

    /** The name of the album timer pool. */
    public static final String ALBUMS = "tgfsm.albums";

    /** The name of the pool of background jobs. */
    public static final String BACKGROUND = "tgfsm.background";

    private final Map<String, ThreadPoolTaskScheduler> schedulers = new LinkedHashMap<>();

    /**
     * Builds the three pools.
     *
     * @param builder Boot's builder, with the application's customizers
     * @param virtualThreads whether the pools run on virtual threads
     */
    public FsmTimers(ThreadPoolTaskSchedulerBuilder builder, boolean virtualThreads) {
        schedulers.put(LEASE_RENEWALS, build(builder, 1, "tgfsm-lease-renewal-", virtualThreads));
        schedulers.put(ALBUMS, build(builder, 1, "tgfsm-albums-", virtualThreads));
        schedulers.put(BACKGROUND, build(builder, 2, "tgfsm-background-", virtualThreads));
    }

    private static ThreadPoolTaskScheduler build(ThreadPoolTaskSchedulerBuilder builder, int size, String prefix,
            boolean virtualThreads) {
        ThreadPoolTaskScheduler scheduler = builder.poolSize(size).threadNamePrefix(prefix).build();
        scheduler.setDaemon(true);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setVirtualThreads(virtualThreads);
        scheduler.initialize();
        return scheduler;
    }

    /**
     * Returns the executor of the lease renewals.
     *
     * @return the executor named {@value #LEASE_RENEWALS}
     */
    public ScheduledExecutorService leaseRenewals() {
        return executor(LEASE_RENEWALS);
    }

    /**
     * Returns the executor of the album timers.
     *
     * @return the executor named {@value #ALBUMS}
     */
    public ScheduledExecutorService albums() {
        return executor(ALBUMS);
    }

    /**
     * Returns the executor of the background jobs.
     *
     * @return the executor named {@value #BACKGROUND}
     */
    public ScheduledExecutorService background() {
        return executor(BACKGROUND);
    }

    /**
     * Returns every executor by its name, for metrics.
     *
     * @return the executors, in a fixed order
     */
    public Map<String, ScheduledExecutorService> executors() {
        Map<String, ScheduledExecutorService> all = new LinkedHashMap<>();
        schedulers.keySet().forEach(name -> all.put(name, executor(name)));
        return all;
    }

    private ScheduledExecutorService executor(String name) {
        return schedulers.get(name).getScheduledExecutor();
    }

    /**
     * Shuts every pool down.
     */
    @Override
    public void destroy() {
        schedulers.values().forEach(ThreadPoolTaskScheduler::shutdown);
    }
}
