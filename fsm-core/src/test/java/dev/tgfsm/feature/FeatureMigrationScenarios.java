package dev.tgfsm.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * Versioned feature data on a real backend: the lazy upgrade through the dispatcher's unit of work,
 * and the offline job over more records than one batch while live updates change some of them. A
 * backend's test extends this with its storage.
 */
public abstract class FeatureMigrationScenarios {

    /** Version 1 as older code wrote it: the visits were a string. */
    public record ProfileV1(String name, String visits) {
    }

    /** Version 2: {@code name} is {@code fullName}, the visits a number. */
    public record Profile(String fullName, int visits) {
    }

    /** Upgrades version 1 to 2: renames {@code name} and turns the visits into a number (twice it would fail). */
    public static final DataMigration RENAME_AND_COUNT = DataMigration.of("profile", 1, data -> {
        data.put("fullName", data.remove("name"));
        data.put("visits", Integer.parseInt((String) data.get("visits")));
        return data;
    });

    private final long bot = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);

    private final long firstUser = ThreadLocalRandom.current().nextLong(1_000, 1_000_000) * 1000;

    private final Updates updates = new Updates(MutableClock.now());

    private final DataMigrations migrations = DataMigrations.of(List.of(RENAME_AND_COUNT));

    private final AtomicInteger handled = new AtomicInteger();

    /** Runs in every live update after its load, before it changes anything. */
    private volatile Runnable whileHandling = () -> {};

    private final UpdateHandler visiting = u -> {
        whileHandling.run();
        TypedFeatureState<Profile> profile = new TypedFeatureState<>(u.context(), "profile", Profile.class, migrations);
        profile.modify(p -> new Profile(p.fullName(), p.visits() + 1));
        u.context().setState("Profile:VISITED");
        handled.incrementAndGet();
    };

    private FsmContexts contexts;

    /**
     * Returns the storage on the shared server.
     *
     * @return the storage
     */
    protected abstract FsmStorage storage();

    /** The units of work on {@link #storage()}, made on first use (after the subclass connected). */
    private FsmContexts contexts() {
        if (contexts == null) {
            contexts = FsmTransactions.contexts(storage(), new JacksonFsmCodec(),
                    ContextConfig.ofDefaults().withLock(Duration.ofSeconds(10), Duration.ofSeconds(30)),
                    new LeaseKeeper());
        }
        return contexts;
    }

    private StorageKey key(int i) {
        return StorageKey.of(bot, firstUser + i, firstUser + i);
    }

    /** Stores the profiles as the code before the change did: no version entry, mid-flow. */
    private void storedByOldCode(int count) {
        List<StorageKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(key(i));
        }
        assertThat(FsmTransactions.inOneWrite(contexts(), keys, tx -> {
            tx.context().setState("Profile:ASKED");
            new TypedFeatureState<>(tx.context(), "profile", ProfileV1.class)
                    .put(new ProfileV1("User " + (tx.key().userId() - firstUser), "0"));
        })).isEmpty();
    }

    private UpdateDispatcher dispatcher() {
        return new UpdateDispatcher(bot, KeyStrategy.USER_IN_CHAT, contexts(), visiting,
                DispatcherConfig.ofDefaults().withThreads(4), null);
    }

    @Test
    void aUserMidFlowContinuesAndTheUpdatesCommitStoresTheNewForm() throws Exception {
        storedByOldCode(1);
        long before = storage().load(key(0)).version();

        try (UpdateDispatcher dispatcher = dispatcher()) {
            dispatcher.submit(updates.text(firstUser, "hi")).get(30, TimeUnit.SECONDS);
        }

        FsmRecord after = storage().load(key(0));
        assertThat(after.version()).as("one commit").isEqualTo(before + 1);
        assertThat(after.state()).isEqualTo("Profile:VISITED");
        assertThat(after.data()).containsOnly(Map.entry("draft:profile",
                Map.of("fullName", "User 0", "visits", 1, DataMigrations.VERSION_ENTRY, 2)));
    }

    @Test
    void theJobUpgradesEveryRecordOnceBesideLiveUpdatesAndLosesNone() throws Exception {
        int count = 130;
        int batch = 40;
        storedByOldCode(count);
        Map<StorageKey, Long> seeded = new HashMap<>();
        for (int i = 0; i < count; i++) {
            seeded.put(key(i), storage().load(key(i)).version());
        }
        Map<Integer, Integer> visits = new HashMap<>();
        List<Future<?>> live = new ArrayList<>();
        MigrationReport report;
        try (UpdateDispatcher dispatcher = dispatcher()) {
            AtomicInteger round = new AtomicInteger();
            FeatureMigrationJob job = new FeatureMigrationJob(contexts(), migrations, "profile", batch, bot);
            report = job.run(() -> {
                // before each batch, updates of users in this and later batches start, racing the batch
                int r = round.getAndIncrement();
                for (int i = r * batch; i < count; i += 7) {
                    visits.merge(i, 1, Integer::sum);
                    live.add(dispatcher.submit(updates.text(firstUser + i, "visit " + r)));
                }
                return true;
            });
            for (Future<?> f : live) {
                f.get(60, TimeUnit.SECONDS);
            }
        }

        assertThat(handled.get()).isGreaterThanOrEqualTo(live.size());
        assertThat(report.scanned()).isEqualTo(count);
        assertThat(report.failed()).isZero();
        assertThat(report.complete()).isTrue();
        assertThat(report.upgraded() + report.current()).isEqualTo(count);
        assertThat(report.upgraded()).isGreaterThanOrEqualTo(count - visits.size());
        long written = 0;
        for (int i = 0; i < count; i++) {
            FsmRecord record = storage().load(key(i));
            int expected = visits.getOrDefault(i, 0);
            assertThat(record.data()).as("user %d", i).containsOnly(Map.entry("draft:profile",
                    Map.of("fullName", "User " + i, "visits", expected, DataMigrations.VERSION_ENTRY, 2)));
            assertThat(record.state()).isEqualTo(expected > 0 ? "Profile:VISITED" : "Profile:ASKED");
            written += record.version() - seeded.get(key(i));
        }
        assertThat(written).as("one write per live update plus one per record the job upgraded, no more")
                .isEqualTo(live.size() + report.upgraded());

        MigrationReport again = new FeatureMigrationJob(contexts(), migrations, "profile", batch, bot).run();
        assertThat(again).isEqualTo(new MigrationReport(count, 0, count, 0, true));
    }

    @Test
    void aLiveUpdateBetweenTheJobsLoadAndWriteIsNotOverwritten() throws Exception {
        storedByOldCode(3);
        Thread job = Thread.currentThread();
        AtomicInteger raced = new AtomicInteger();
        MigrationReport report;
        try (UpdateDispatcher dispatcher = dispatcher()) {
            DataMigrations racing = DataMigrations.of(List.of(DataMigration.of("profile", 1, data -> {
                if (Thread.currentThread() == job && "User 1".equals(data.get("name"))
                        && raced.getAndIncrement() == 0) {
                    // the job has loaded its batch: the user's update commits before the job writes
                    try {
                        dispatcher.submit(updates.text(firstUser + 1, "racing")).get(30, TimeUnit.SECONDS);
                    }
                    catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }
                return RENAME_AND_COUNT.migrate(data);
            })));
            report = new FeatureMigrationJob(contexts(), racing, "profile", 10, bot).run();
        }

        assertThat(raced.get()).isEqualTo(1);
        assertThat(report).isEqualTo(new MigrationReport(3, 2, 1, 0, true));
        assertThat(storage().load(key(1)).data().get("draft:profile"))
                .isEqualTo(Map.of("fullName", "User 1", "visits", 1, DataMigrations.VERSION_ENTRY, 2));
    }

    @Test
    void aJobWriteBetweenALiveUpdatesLoadAndCommitMakesTheUpdateRunAgainOnTheUpgradedRecord() throws Exception {
        storedByOldCode(2);
        AtomicInteger calls = new AtomicInteger();
        MigrationReport[] report = new MigrationReport[1];
        whileHandling = () -> {
            if (calls.incrementAndGet() == 1) {
                // the update holds the lock and has loaded version 1: the job writes first
                Thread running = new Thread(
                        () -> report[0] = new FeatureMigrationJob(contexts(), migrations, "profile", 10, bot).run());
                running.start();
                try {
                    running.join();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (UpdateDispatcher dispatcher = dispatcher()) {
            dispatcher.submit(updates.text(firstUser, "hi")).get(60, TimeUnit.SECONDS);
        }

        assertThat(report[0]).isEqualTo(new MigrationReport(2, 2, 0, 0, true));
        assertThat(calls.get()).as("the update ran again after its commit met the job's write").isEqualTo(2);
        assertThat(storage().load(key(0)).data().get("draft:profile"))
                .isEqualTo(Map.of("fullName", "User 0", "visits", 1, DataMigrations.VERSION_ENTRY, 2));
    }

    @Test
    void aStoppedJobGoesOnWhereItLeftOffWhenRunAgain() {
        storedByOldCode(25);
        FeatureMigrationJob job = new FeatureMigrationJob(contexts(), migrations, "profile", 10, bot);
        AtomicInteger batches = new AtomicInteger();

        MigrationReport first = job.run(() -> batches.incrementAndGet() <= 1);
        MigrationReport rest = job.run();

        assertThat(first).isEqualTo(new MigrationReport(10, 10, 0, 0, false));
        assertThat(rest).isEqualTo(new MigrationReport(25, 15, 10, 0, true));
        for (int i = 0; i < 25; i++) {
            assertThat(storage().load(key(i)).data().get("draft:profile")).as("user %d", i)
                    .isEqualTo(Map.of("fullName", "User " + i, "visits", 0, DataMigrations.VERSION_ENTRY, 2));
        }
    }

    @Test
    void aRecordNewerThanTheCodeIsLeftAsItIsAndCounted() {
        storedByOldCode(3);
        FsmContext newer = contexts().writeThrough(key(1));
        newer.updateData("draft:profile", Map.of("fullName", "From the future", DataMigrations.VERSION_ENTRY, 3));
        FsmRecord before = storage().load(key(1));

        MigrationReport report = new FeatureMigrationJob(contexts(), migrations, "profile", 2, bot).run();

        assertThat(report).isEqualTo(new MigrationReport(3, 2, 0, 1, true));
        assertThat(storage().load(key(1))).isEqualTo(before);
    }
}
