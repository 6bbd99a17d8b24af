package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Counts the JDBC statements of a typical update as the engine does it: at most 2 without a lease lock
 * (load, save), at most 3 with one (lock, load, save with the release in the same statement), and no
 * record write when nothing changed. Transaction control (commit, auto-commit switches) is not a statement; it is
 * printed with the counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStatementCountContract {

    private final StorageKey key = StorageKey.of(1, 100, 7);

    private final String prefix = TestDataSources.uniquePrefix();

    private DataSource pool;

    private StatementCountingDataSource counting;

    private JdbcFsmStorage storage;

    protected abstract DataSource createDataSource();

    protected abstract void closeDataSource(DataSource dataSource);

    @BeforeAll
    void createTables() {
        pool = createDataSource();
        new JdbcSchemaInitializer(pool, prefix, null).initialize();
        counting = new StatementCountingDataSource(pool);
        storage = new JdbcFsmStorage(counting.dataSource(), prefix, null,
                new StorageConfig(Clock.systemUTC(), new JacksonFsmCodec(), Duration.ofDays(1), 65536));
        storage.getDialect();
    }

    @AfterAll
    void dropTables() {
        new JdbcSchemaInitializer(pool, prefix, null).drop();
        closeDataSource(pool);
    }

    @BeforeEach
    void existingConversation() {
        storage.clearNamespace();
        storage.save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("Form:NAME", Map.of("step", 1)), 0, null)));
        // a conversation updated before: on MariaDB its released lock row stays, and is taken by one update
        Lease earlier = Lease.random(Duration.ofSeconds(30));
        storage.lockAndLoad(key, earlier, List.of());
        storage.unlock(key, earlier);
        counting.reset();
    }

    @Test
    void updateWithoutLockIsTwoStatements() {
        FsmRecord loaded = storage.load(key);
        FsmRecord next = loaded.withState("Form:AGE").withData(Map.of("step", 2, "name", "Ann"));
        storage.save(WriteBatch.of(RecordWrite.put(key, next, loaded.version(), Duration.ofDays(1))));

        report("update without lock");
        assertThat(counting.statements()).hasSizeLessThanOrEqualTo(2);
        assertThat(counting.writes()).hasSize(1);
        assertThat(storage.load(key).state()).isEqualTo("Form:AGE");
    }

    @Test
    void firstUpdateOfNewConversationWithoutLockIsTwoStatements() {
        StorageKey fresh = StorageKey.of(1, 200, 7);
        FsmRecord loaded = storage.load(fresh);
        storage.save(WriteBatch.of(RecordWrite.put(fresh, loaded.withState("Form:NAME").withData(Map.of("a", 1)),
                loaded.version(), Duration.ofDays(1))));

        report("first update of a new conversation without lock");
        assertThat(counting.statements()).hasSizeLessThanOrEqualTo(2);
        assertThat(storage.load(fresh).exists()).isTrue();
    }

    /** A lock without a turn (work from outside an update) and one for an update (its turn announced nowhere). */
    @ParameterizedTest
    @ValueSource(longs = {Lease.NO_TURN, 5})
    void updateWithLockIsThreeStatements(long turn) {
        Lease lease = Lease.random(Duration.ofSeconds(30), turn);
        LockAttempt attempt = storage.lockAndLoad(key, lease, List.of(key));
        FsmRecord loaded = attempt.records().get(key);
        FsmRecord next = loaded.withState("Form:AGE").withData(Map.of("step", 2, "name", "Ann"));
        storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key, next, loaded.version(), Duration.ofDays(1))),
                key, lease));

        report(turn == Lease.NO_TURN ? "update with lock" : "update with lock and turn");
        assertThat(attempt.acquired()).isTrue();
        assertThat(counting.statements()).hasSizeLessThanOrEqualTo(3);
        assertThat(counting.recordWrites(prefix + "locks")).hasSize(1);
        assertThat(storage.lockAndLoad(key, Lease.random(Duration.ofSeconds(1)), List.of()).acquired()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {Lease.NO_TURN, 5})
    void readOnlyUpdateWithLockWritesOnlyTheLock(long turn) {
        Lease lease = Lease.random(Duration.ofSeconds(30), turn);
        LockAttempt attempt = storage.lockAndLoad(key, lease, List.of(key));
        storage.save(WriteBatch.releasing(List.of(), key, lease));

        report(turn == Lease.NO_TURN ? "read-only update with lock" : "read-only update with lock and turn");
        assertThat(attempt.records().get(key).state()).isEqualTo("Form:NAME");
        assertThat(counting.statements()).hasSizeLessThanOrEqualTo(3);
        assertThat(counting.recordWrites(prefix + "locks")).isEmpty();
        assertThat(counting.writes()).hasSize(2).allMatch(sql -> sql.contains(prefix + "locks"));
    }

    @Test
    void readOnlyUpdateWithoutLockWritesNothing() {
        FsmRecord loaded = storage.load(key);

        report("read-only update without lock");
        assertThat(loaded.exists()).isTrue();
        assertThat(counting.statements()).hasSize(1);
        assertThat(counting.writes()).isEmpty();
        assertThat(counting.commits()).isZero();
    }

    @Test
    void saveEachWritesManyConversationsInOneTransaction() {
        List<WriteBatch> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            StorageKey other = StorageKey.of(1, 300 + i, 7);
            batches.add(WriteBatch
                    .of(RecordWrite.put(other, FsmRecord.of("Job:DONE", Map.of("i", i)), 0, Duration.ofDays(1))));
        }
        FsmRecord loaded = storage.load(key);
        batches.add(WriteBatch
                .of(RecordWrite.put(key, loaded.withState("Job:DONE"), loaded.version(), Duration.ofDays(1))));
        counting.reset();

        List<RuntimeException> failures = storage.saveEach(batches);

        report("saveEach of 21 conversations");
        assertThat(failures).hasSize(21).containsOnlyNulls();
        assertThat(counting.commits()).as("one transaction for all").isEqualTo(1);
        assertThat(counting.rollbacks()).isZero();
        for (int i = 0; i < 20; i++) {
            assertThat(storage.load(StorageKey.of(1, 300 + i, 7)).data()).isEqualTo(Map.of("i", i));
        }
        assertThat(storage.load(key).state()).isEqualTo("Job:DONE");
    }

    @Test
    void saveEachReportsEachConflictAndWritesTheRest() {
        StorageKey second = StorageKey.of(1, 400, 7);
        storage.save(WriteBatch.of(RecordWrite.put(second, FsmRecord.of("Form:NAME", Map.of()), 0, null)));
        long stale = storage.load(key).version() - 1;
        List<WriteBatch> batches = new ArrayList<>();
        batches.add(
                WriteBatch.of(RecordWrite.put(StorageKey.of(1, 401, 7), FsmRecord.of("Job:DONE", Map.of()), 0, null)));
        // a conflict in the second write of a batch: its first write must not be kept
        batches.add(WriteBatch.of(
                RecordWrite.put(StorageKey.of(1, 402, 7), FsmRecord.of("Job:DONE", Map.of()), 0, null),
                RecordWrite.put(StorageKey.of(1, 402, 7).withDestiny("other"), FsmRecord.of("Job:DONE", Map.of()), 5,
                        null)));
        batches.add(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("Job:DONE", Map.of()), stale, null)));
        batches.add(WriteBatch.of(RecordWrite.put(second, FsmRecord.of("Job:DONE", Map.of()), 0, null)));
        batches.add(
                WriteBatch.of(RecordWrite.put(StorageKey.of(1, 403, 7), FsmRecord.of("Job:DONE", Map.of()), 0, null)));
        counting.reset();

        List<RuntimeException> failures = storage.saveEach(batches);

        report("saveEach with three conflicts in five");
        assertThat(failures.get(0)).isNull();
        assertThat(failures.get(1)).isInstanceOf(FsmConflictException.class);
        assertThat(failures.get(2)).isInstanceOf(FsmConflictException.class);
        assertThat(failures.get(3)).isInstanceOf(FsmConflictException.class);
        assertThat(failures.get(4)).isNull();
        assertThat(storage.load(StorageKey.of(1, 401, 7)).state()).isEqualTo("Job:DONE");
        assertThat(storage.load(StorageKey.of(1, 402, 7)).exists()).as("rolled back with its batch").isFalse();
        assertThat(storage.load(key).state()).isEqualTo("Form:NAME");
        assertThat(storage.load(second).state()).isEqualTo("Form:NAME");
        assertThat(storage.load(StorageKey.of(1, 403, 7)).state()).isEqualTo("Job:DONE");
        assertThat(counting.commits()).as("one transaction").isEqualTo(1);
        assertThat(counting.rollbacks()).as("each conflicting batch to its savepoint").isEqualTo(3);
    }

    /**
     * The outbox's acknowledgements of busy conversations behind a balancer: many of them meet a commit
     * of another instance. Each batch's write runs once, conflicting or not, in one transaction (a
     * conflicting batch is rolled back to its savepoint), not once more for every conflict before it.
     */
    @Test
    void saveEachWritesEachBatchOnceHoweverManyConflict() {
        List<WriteBatch> batches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            StorageKey conversation = StorageKey.of(1, 500 + i, 7);
            storage.save(WriteBatch.of(RecordWrite.put(conversation, FsmRecord.of("Form:NAME", Map.of()), 0, null)));
            storage.save(WriteBatch.of(RecordWrite.put(conversation, FsmRecord.of("Form:NAME", Map.of()), 1, null)));
            FsmRecord loaded = storage.load(conversation);
            // every other one was changed by another writer since it was loaded
            long expected = i % 2 == 0 ? loaded.version() : loaded.version() - 1;
            batches.add(WriteBatch.of(RecordWrite.put(conversation, loaded.withState("Job:DONE"), expected, null)));
        }
        counting.reset();

        List<RuntimeException> failures = storage.saveEach(batches);

        report("saveEach of 10 conversations, 5 conflicting");
        for (int i = 0; i < 10; i++) {
            StorageKey conversation = StorageKey.of(1, 500 + i, 7);
            if (i % 2 == 0) {
                assertThat(failures.get(i)).as("batch %s", i).isNull();
                assertThat(storage.load(conversation).state()).isEqualTo("Job:DONE");
            }
            else {
                assertThat(failures.get(i)).as("batch %s", i).isInstanceOf(FsmConflictException.class);
                assertThat(storage.load(conversation).state()).isEqualTo("Form:NAME");
            }
        }
        assertThat(counting.writes()).as("one write per batch").hasSize(10);
        assertThat(counting.commits()).as("one transaction").isEqualTo(1);
    }

    @Test
    void aCommitOfTwoRecordsMovesTheirSiblingWithoutAStatementOfItsOwn() throws Exception {
        StorageKey history = key.withDestiny("scenes_history");
        StorageKey flow = key.withDestiny("flow");
        storage.save(WriteBatch.of(RecordWrite.put(history, FsmRecord.of(null, Map.of("stack", List.of("A"))), 0,
                Duration.ofDays(1)),
                RecordWrite.put(flow, FsmRecord.of(null, Map.of("step", 1)), 0, Duration.ofHours(1))));
        counting.reset();
        Map<StorageKey, FsmRecord> loaded = storage.loadAll(List.of(key, history));
        counting.reset();
        FsmRecord main = loaded.get(key);
        FsmRecord stack = loaded.get(history);
        storage.save(WriteBatch.of(
                RecordWrite.put(key, main.withState("Form:AGE"), main.version(), Duration.ofDays(1)),
                RecordWrite.put(history, stack.withData(Map.of("stack", List.of("A", "B"))), stack.version(),
                        Duration.ofDays(1))));

        report("commit of two records moving a sibling");
        // MariaDB and SQLite: the first update carries the sibling's new expiry; PostgreSQL and H2: one statement
        assertThat(counting.statements()).hasSizeLessThanOrEqualTo(2);
        try (var c = pool.getConnection();
                var st = c.prepareStatement(
                        "SELECT expires_at FROM " + prefix + "records WHERE record_key LIKE ?")) {
            st.setString(1, "%:flow");
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("the flow data was moved to the day's expiry")
                        .isGreaterThan(System.currentTimeMillis() + Duration.ofHours(23).toMillis());
            }
        }
    }

    private void report(String scenario) {
        System.out.println("[statement count] " + storage.getDialect().platform() + ", " + scenario + ": "
                + counting.summary());
    }
}
