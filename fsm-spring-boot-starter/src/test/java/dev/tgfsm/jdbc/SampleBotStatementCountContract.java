package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.autoconfigure.SampleBotConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * What one update of the whole sample configuration costs in SQL statements (every {@code execute*}
 * call, counted by {@link StatementCountingDataSource}): the sample's rate limit, idle timeouts
 * with a warning, restart notice, garbage registry, de-duplication and outbox, without and with
 * the cross-instance lock. Transaction control ({@code commit}, auto-commit switches) is not a
 * statement and is not counted.
 */
abstract class SampleBotStatementCountContract {

    /**
     * What an update costs on this database, rate limit included: see the subclasses for which
     * statements they are.
     *
     * @param firstStep the first step of the flow (the conversation is created and enters a timed
     *        state, so its deadline moves)
     * @param midFlow a mid-flow step (the deadline index does not move)
     */
    record Expected(int firstStep, int midFlow) {
    }

    private final Supplier<HikariDataSource> database;

    private final Expected withoutLock;

    private final Expected withLock;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    private HikariDataSource target;

    private StatementCountingDataSource counting;

    /**
     * The contract on one database.
     *
     * @param database opens a fresh pool on the database to count on
     * @param withoutLock the statements of an update without the cross-instance lock
     * @param withLock the statements of an update with the cross-instance lock
     */
    SampleBotStatementCountContract(Supplier<HikariDataSource> database, Expected withoutLock, Expected withLock) {
        this.database = database;
        this.withoutLock = withoutLock;
        this.withLock = withLock;
    }

    @BeforeEach
    void open() {
        target = database.get();
        counting = new StatementCountingDataSource(target);
    }

    @AfterEach
    void close() {
        target.close();
    }

    private ApplicationContextRunner sample(boolean lock) {
        return SampleBotConfiguration.runner(clock, telegram, "tgfsm.storage.type=jdbc",
                "tgfsm.jdbc.initialize-schema=always", "tgfsm.jdbc.table-prefix=" + TestDataSources.uniquePrefix(),
                "tgfsm.isolation.distributed=" + lock)
                .withBean(DataSource.class, counting::dataSource);
    }

    @Test
    void sampleUpdateWithoutTheLock() {
        count(false, withoutLock);
    }

    @Test
    void sampleUpdateWithTheLock() {
        count(true, withLock);
    }

    @Test
    void aThrottledUpdateWithTheLockCostsOneStatementAndTakesNoLock() {
        throttledUpdateCostsOneSelect(true);
    }

    @Test
    void aThrottledUpdateWithoutTheLockCostsOneStatement() {
        throttledUpdateCostsOneSelect(false);
    }

    private void throttledUpdateCostsOneSelect(boolean lock) {
        sample(lock).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            for (int i = 0; i < 21; i++) {
                dispatch(dispatcher, updates.text(900, "burst" + i));
            }

            counting.reset();
            dispatch(dispatcher, updates.text(900, "again"));

            // a SELECT, or on PostgreSQL a WITH whose upsert of the bucket changed nothing
            assertThat(counting.statements()).as("one statement reading the bucket with the records: %s",
                    counting.summary()).singleElement().asString().matches("(?is)(select|with) .*");
        });
    }

    /**
     * Runs a first step (entering a timed state: the deadline joins the commit) and ten mid-flow
     * steps, each counted on its own.
     */
    private void count(boolean lock, Expected expected) {
        sample(lock).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            dispatch(dispatcher, updates.text(1, "warm"));

            counting.reset();
            dispatch(dispatcher, updates.text(500, "name"));
            List<String> first = counting.statements();
            String firstSummary = counting.summary();
            List<List<String>> midFlow = new ArrayList<>();
            List<String> midFlowSummaries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                counting.reset();
                dispatch(dispatcher, updates.text(500, "step" + i));
                midFlow.add(counting.statements());
                midFlowSummaries.add(counting.summary());
            }
            System.out.println("[sample statements] " + getClass().getSimpleName() + ", lock " + lock
                    + ", first step: " + firstSummary);
            System.out.println("[sample statements] " + getClass().getSimpleName() + ", lock " + lock
                    + ", mid-flow: " + midFlowSummaries.get(0));

            assertThat(first).as("first step, lock %s: %s", lock, firstSummary).hasSize(expected.firstStep());
            assertThat(first).as("the deadline joins the commit").anyMatch(sql -> sql.contains("deadlines"));
            for (int i = 0; i < midFlow.size(); i++) {
                assertThat(midFlow.get(i)).as("mid-flow step %d, lock %s: %s", i, lock, midFlowSummaries.get(i))
                        .hasSize(expected.midFlow())
                        .noneMatch(sql -> sql.contains("deadlines"));
            }
            FsmStorage storage = context.getBean(FsmStorage.class);
            assertThat(storage.load(StorageKey.of(0, 500, 500)).state()).isEqualTo("form:step9");
            assertThat(telegram.texts()).last().isEqualTo("Step 11: step9");
        });
    }

    @Test
    void replyNotFollowedByAnUpdateWithinTheAckDelayCostsTheFlusherALoadAndAWrite() {
        sample(true).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            OutboxFlusher flusher = context.getBean(OutboxFlusher.class);
            dispatch(dispatcher, updates.text(700, "name"));
            clock.advance(Duration.ofSeconds(3));
            flusher.flushDue();
            dispatch(dispatcher, updates.text(700, "age"));
            clock.advance(Duration.ofSeconds(3));

            counting.reset();
            assertThat(flusher.flushDue()).isEqualTo(1);

            assertThat(counting.statements()).as("load, write; no lock: %s", counting.summary()).hasSize(2);
        });
    }

    private static void dispatch(UpdateDispatcher dispatcher, Update update) {
        try {
            dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
