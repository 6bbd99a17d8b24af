package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Deadline indexes per bot on a dedicated redis-server: two bots on one Redis each claim only their
 * own due entries and the claim reads no other bot's ({@code INFO commandstats}: one
 * {@code ZRANGEBYSCORE} however many of the other bot's entries are due); entries of the single
 * index of earlier versions are still claimed, by their own bot only, and leave it.
 */
class RedisPerBotDeadlinesIT {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static final Duration LEASE = Duration.ofMinutes(1);

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    @BeforeAll
    static void startServer() {
        server = PrivateRedis.start(Duration.ofSeconds(2));
        redis = server.redis();
        factory = server.factory();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static RedisFsmStorage storage(String prefix) {
        return new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
    }

    @Test
    void eachBotClaimsOnlyItsOwnDueEntriesReadingNoneOfTheOtherBots() {
        RedisFsmStorage storage = storage("own:");
        for (int chat = 1; chat <= 2_000; chat++) {
            storage.scheduleDeadline(StorageKey.of(1, chat, chat), NOW.minusSeconds(60));
        }
        List<StorageKey> second = List.of(StorageKey.of(2, 7, 7), StorageKey.of(2, 8, 8), StorageKey.of(2, 9, 9));
        second.forEach(key -> storage.scheduleDeadline(key, NOW.minusSeconds(1)));
        // a commit that carries a deadline puts it in its bot's index too
        StorageKey committed = StorageKey.of(2, 10, 10);
        storage.save(WriteBatch.of(RecordWrite.put(committed, FsmRecord.EMPTY.withState("A"), 0, null))
                .withDeadline(DeadlineChange.schedule(committed, NOW.minusSeconds(1))));

        Map<String, Long> before = CommandStats.of(redis);
        List<DueDeadline> claimed = storage.claimDue(2, NOW, 10, LEASE);
        Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));

        List<StorageKey> expected = new ArrayList<>(second);
        expected.add(committed);
        assertThat(claimed).extracting(DueDeadline::key).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(delta).as("2,000 due entries of bot 1 not read").containsEntry("zrangebyscore", 1L)
                .containsEntry("zadd", 4L);
        assertThat(storage.claimDue(1, NOW, 5_000, LEASE)).hasSize(2_000)
                .allMatch(due -> due.key().botId() == 1);
        assertThat(storage.claimDue(2, NOW, 10, LEASE)).as("claimed until the lease lapses").isEmpty();
        assertThat(storage.claimDue(NOW.plus(LEASE), 5_000, LEASE)).as("no bot: every bot's entries")
                .hasSize(2_004);
    }

    @Test
    void entriesOfTheSingleIndexOfEarlierVersionsAreClaimedByTheirBotAndLeaveIt() {
        RedisFsmStorage storage = storage("old:");
        StorageKey first = StorageKey.of(1, 5, 5);
        StorageKey second = StorageKey.of(2, 5, 5);
        StorageKey rescheduled = StorageKey.of(2, 6, 6);
        String due = String.valueOf(NOW.minusSeconds(5).toEpochMilli());
        KeyRenderer renderer = new KeyRenderer("old:");
        for (StorageKey key : List.of(first, second, rescheduled)) {
            redis.cli("ZADD", "old:#deadlines", due, renderer.render(key));
        }

        storage.scheduleDeadline(rescheduled, NOW.plusSeconds(3_600));
        List<DueDeadline> claimed = storage.claimDue(2, NOW, 10, LEASE);

        assertThat(claimed).extracting(DueDeadline::key).containsExactly(second);
        assertThat(redis.cli("ZRANGE", "old:#deadlines", "0", "-1").strip()).isEqualTo(renderer.render(first));
        assertThat(storage.cancelDeadline(second, claimed.get(0).claimedUntil())).isTrue();
        assertThat(storage.claimDue(2, NOW.plusSeconds(3_600), 10, LEASE)).extracting(DueDeadline::key)
                .containsExactly(rescheduled);
        assertThat(storage.claimDue(1, NOW, 10, LEASE)).extracting(DueDeadline::key).containsExactly(first);
        assertThat(redis.cli("EXISTS", "old:#deadlines").strip()).isEqualTo("0");
        assertThat(storage.cancelDeadline(first, null)).isTrue();
        assertThat(storage.claimDue(NOW.plusSeconds(7_200), 10, LEASE)).as("only the lapsed claim")
                .extracting(DueDeadline::key).containsExactly(rescheduled);
    }
}
