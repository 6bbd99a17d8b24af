package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;

/**
 * Contract of the deadline index: {@code scheduleDeadline}, {@code claimDue} and
 * {@code cancelDeadline}.
 */
public interface DeadlineContract extends StorageContract {

    /**
     * Tells whether a batch's deadline change is written in the same atomic step as its records, so
     * that a conflicting batch leaves the index as it was. Redis Cluster writes the index (another
     * slot) just before the records instead, and overrides this with {@code false}.
     *
     * @return {@code true} where the change is atomic with the records
     */
    default boolean deadlinesAtomicWithRecords() {
        return true;
    }

    private List<StorageKey> claim(Instant now, int limit) {
        return deadlines().claimDue(now, limit, Duration.ofSeconds(30)).stream().map(DueDeadline::key).toList();
    }

    @Test
    default void claimDueReturnsOnlyDueEntriesEarliestFirst() {
        Instant now = clock().instant();
        deadlines().scheduleDeadline(key(3), now.plusSeconds(3));
        deadlines().scheduleDeadline(key(1), now.minusSeconds(10));
        deadlines().scheduleDeadline(key(2).withDestiny("other"), now.minusSeconds(5));
        deadlines().scheduleDeadline(key(4), now.plusSeconds(60));

        assertThat(claim(now, 10)).containsExactly(key(1), key(2).withDestiny("other"));
        assertThat(claim(now.plusSeconds(3), 10)).containsExactly(key(3));
    }

    @Test
    default void claimedEntryIsNotHandedOutAgainUntilItsLeaseLapses() {
        Instant now = clock().instant();
        deadlines().scheduleDeadline(key(1), now);
        List<DueDeadline> first = deadlines().claimDue(now, 10, Duration.ofSeconds(30));

        assertThat(first).extracting(DueDeadline::key).containsExactly(key(1));
        assertThat(first.get(0).claimedUntil()).isEqualTo(now.plusSeconds(30).truncatedTo(ChronoUnit.MILLIS));
        assertThat(claim(now.plusSeconds(29), 10)).isEmpty();
        assertThat(claim(now.plusSeconds(30), 10)).containsExactly(key(1));
    }

    @Test
    default void claimDueRespectsTheLimit() {
        Instant now = clock().instant();
        for (int chat = 1; chat <= 5; chat++) {
            deadlines().scheduleDeadline(key(chat), now.minusSeconds(chat));
        }
        assertThat(claim(now, 2)).containsExactly(key(5), key(4));
        assertThat(claim(now, 10)).containsExactly(key(3), key(2), key(1));
        assertThat(claim(now, 10)).isEmpty();
    }

    @Test
    default void aBotClaimsOnlyItsOwnDueEntriesAndLeavesTheOthersDue() {
        Instant now = clock().instant();
        long mine = key(1).botId();
        long other = mine + 1;
        StorageKey othersEarlier = new StorageKey(other, 999, 999, null, null, StorageKey.DEFAULT_DESTINY);
        StorageKey prefixOfMine = new StorageKey(Long.parseLong(mine + "1"), 2, 2, null, null,
                StorageKey.DEFAULT_DESTINY);
        for (int chat = 1; chat <= 300; chat++) {
            deadlines().scheduleDeadline(new StorageKey(other, chat, chat, null, null, StorageKey.DEFAULT_DESTINY),
                    now.minusSeconds(1000 + chat));
        }
        deadlines().scheduleDeadline(othersEarlier, now.minusSeconds(5000));
        deadlines().scheduleDeadline(prefixOfMine, now.minusSeconds(5000));
        deadlines().scheduleDeadline(key(2), now.minusSeconds(10));
        deadlines().scheduleDeadline(key(3), now.minusSeconds(5));

        List<DueDeadline> claimed = deadlines().claimDue(mine, now, 1, Duration.ofSeconds(30));
        assertThat(claimed).extracting(DueDeadline::key).as("past 300 due entries of another bot")
                .containsExactly(key(2));
        assertThat(deadlines().claimDue(mine, now, 10, Duration.ofSeconds(30))).extracting(DueDeadline::key)
                .containsExactly(key(3));
        assertThat(deadlines().claimDue(mine, now, 10, Duration.ofSeconds(30))).isEmpty();
        assertThat(deadlines().claimDue(other, now, 1, Duration.ofSeconds(30))).extracting(DueDeadline::key)
                .as("the other bot's entries are still due").containsExactly(othersEarlier);
        assertThat(claim(now, 1000)).as("nothing of the other bots was claimed").hasSize(301)
                .doesNotContain(othersEarlier, key(2), key(3)).contains(prefixOfMine);
    }

    @Test
    default void schedulingAgainReplacesTheTime() {
        Instant now = clock().instant();
        deadlines().scheduleDeadline(key(1), now);
        deadlines().scheduleDeadline(key(1), now.plusSeconds(60));

        assertThat(claim(now, 10)).isEmpty();
        assertThat(claim(now.plusSeconds(60), 10)).containsExactly(key(1));
    }

    @Test
    default void cancelRemovesOnlyAnEntryStillAtTheExpectedTime() {
        Instant now = clock().instant();
        deadlines().scheduleDeadline(key(1), now);
        deadlines().scheduleDeadline(key(2), now);
        List<DueDeadline> claimed = deadlines().claimDue(now, 10, Duration.ofSeconds(30));
        deadlines().scheduleDeadline(key(2), now.plusSeconds(90));

        for (DueDeadline due : claimed) {
            deadlines().cancelDeadline(due.key(), due.claimedUntil());
        }
        assertThat(claim(now.plusSeconds(100), 10)).containsExactly(key(2));
        assertThat(deadlines().cancelDeadline(key(2), null)).isTrue();
        assertThat(deadlines().cancelDeadline(key(2), null)).isFalse();
        assertThat(claim(now.plusSeconds(1000), 10)).isEmpty();
    }

    @Test
    default void clearNamespaceEmptiesTheIndex() {
        deadlines().scheduleDeadline(key(1), clock().instant());
        storage().clearNamespace();

        assertThat(claim(clock().instant(), 10)).isEmpty();
    }

    @Test
    default void concurrentClaimersNeverGetTheSameEntry() throws Exception {
        Instant now = clock().instant();
        int count = 200;
        for (int chat = 0; chat < count; chat++) {
            deadlines().scheduleDeadline(key(chat), now.minusMillis(chat));
        }
        Set<StorageKey> seen = ConcurrentHashMap.newKeySet();
        List<StorageKey> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    List<StorageKey> got;
                    do {
                        got = claim(now, 7);
                        all.addAll(got);
                        seen.addAll(got);
                    }
                    while (!got.isEmpty());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(all).hasSize(count);
        assertThat(seen).hasSize(count);
    }

    @Test
    default void deadlineRidingInABatchIsScheduledWithItsRecords() {
        Assumptions.assumeTrue(deadlines().commitsDeadlines(), "this storage does not commit deadlines");
        Instant now = clock().instant();
        storage().save(WriteBatch.of(RecordWrite.put(key(1), record("Form:NAME", Map.of("a", 1)), 0, null)
                .withBase(FsmRecord.EMPTY)).withDeadline(DeadlineChange.schedule(key(1), now.plusSeconds(60))));

        assertThat(storage().load(key(1)).state()).isEqualTo("Form:NAME");
        assertThat(claim(now.plusSeconds(59), 10)).isEmpty();
        assertThat(claim(now.plusSeconds(60), 10)).containsExactly(key(1));
    }

    @Test
    default void deadlineRidingWithALockReleaseIsScheduledAndTheLockReleased() {
        Assumptions.assumeTrue(deadlines().commitsDeadlines(), "this storage does not commit deadlines");
        Instant now = clock().instant();
        Lease lease = new Lease("holder", Duration.ofSeconds(30));
        LockAttempt attempt = storage().lockAndLoad(key(1), lease, List.of(key(1)));
        assertThat(attempt.acquired()).isTrue();

        storage().save(WriteBatch.releasing(List.of(RecordWrite.put(key(1), record("S", Map.of()), 0, null)
                .withBase(FsmRecord.EMPTY)), key(1), lease).withDeadline(DeadlineChange.schedule(key(1), now)));

        assertThat(claim(now, 10)).containsExactly(key(1));
        assertThat(storage().lockAndLoad(key(1), new Lease("other", Duration.ofSeconds(30)), List.of()).acquired())
                .isTrue();
    }

    @Test
    default void deadlineOfAConflictingBatchIsNotScheduled() {
        Assumptions.assumeTrue(deadlines().commitsDeadlines(), "this storage does not commit deadlines");
        Assumptions.assumeTrue(deadlinesAtomicWithRecords(), "the index is written apart from the records here");
        Instant now = clock().instant();
        storage().save(WriteBatch.of(RecordWrite.put(key(1), record("A", Map.of()), 0, null)));

        assertThatThrownBy(() -> storage().save(WriteBatch.of(RecordWrite.put(key(1), record("B", Map.of()), 0, null))
                .withDeadline(DeadlineChange.schedule(key(1), now)))).isInstanceOf(FsmConflictException.class);

        assertThat(storage().load(key(1)).state()).isEqualTo("A");
        assertThat(claim(now, 10)).isEmpty();
    }

    @Test
    default void cancelRidingInABatchRemovesTheEntryWhateverItsTime() {
        Assumptions.assumeTrue(deadlines().commitsDeadlines(), "this storage does not commit deadlines");
        Instant now = clock().instant();
        storage().save(WriteBatch.of(RecordWrite.put(key(1), record("A", Map.of()), 0, null))
                .withDeadline(DeadlineChange.schedule(key(1), now.plusSeconds(5))));
        deadlines().scheduleDeadline(key(2), now);
        FsmRecord loaded = storage().load(key(1));

        storage().save(WriteBatch.of(RecordWrite.delete(key(1), loaded.version()).withBase(loaded))
                .withDeadline(DeadlineChange.cancel(key(1))));

        assertThat(storage().load(key(1)).exists()).isFalse();
        assertThat(claim(now.plusSeconds(60), 10)).containsExactly(key(2));
    }

    @Test
    default void batchDeadlineMustBelongToTheBatchConversation() {
        assertThatThrownBy(() -> WriteBatch.of(RecordWrite.put(key(1), record("A", Map.of()), 0, null))
                .withDeadline(DeadlineChange.schedule(key(2), clock().instant())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
