package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

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
     * The rate limiter's statements per update without the lock: the GCRA step is
     * {@code FsmStorage#change} on the bucket's record, a {@code SELECT ... FOR UPDATE} and an
     * {@code UPDATE} (an {@code INSERT} for a new bucket) in one transaction, before the unit of
     * work. When the bucket's record has expired (a pause longer than the burst's 10 s) it is 4:
     * the insert meets the expired row, which is deleted, and the insert runs again. The steps
     * here come one second apart, so the bucket lives on.
     */
    static final int RATE_LIMIT_STATEMENTS = 2;

    /**
     * The rate limiter's statements per update with the lock, where its check rides in the lock
     * request: the bucket is read with the records in the load's {@code SELECT}, so only its
     * {@code UPDATE} is added.
     */
    static final int RATE_LIMIT_STATEMENTS_WITH_LOCK = 1;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    private DataSource target;

    private StatementCountingDataSource counting;

    /**
     * The database to count on.
     *
     * @return a fresh pool
     */
    protected abstract DataSource createDataSource();

    /**
     * Closes what {@link #createDataSource()} opened.
     *
     * @param dataSource the pool
     */
    protected abstract void closeDataSource(DataSource dataSource);

    @BeforeEach
    void open() {
        target = createDataSource();
        counting = new StatementCountingDataSource(target);
    }

    @AfterEach
    void close() {
        closeDataSource(target);
    }

    private ApplicationContextRunner sample(boolean lock) {
        return SampleBotConfiguration.runner(clock, telegram, "tgfsm.storage.type=jdbc",
                "tgfsm.jdbc.initialize-schema=always", "tgfsm.jdbc.table-prefix=" + TestDataSources.uniquePrefix(),
                "tgfsm.isolation.distributed=" + lock)
                .withBean(DataSource.class, counting::dataSource);
    }

    @Test
    void sampleUpdateCostsTwoStatementsWithoutTheLockBesidesTheRateLimit() {
        count(false, 2);
    }

    @Test
    void sampleUpdateCostsFourStatementsWithTheLockBesidesTheRateLimitsUpdate() {
        count(true, 4);
    }

    @Test
    void aThrottledUpdateWithTheLockCostsOneStatementAndTakesNoLock() {
        sample(true).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            for (int i = 0; i < 21; i++) {
                dispatch(dispatcher, updates.text(900, "burst" + i));
            }

            counting.reset();
            dispatch(dispatcher, updates.text(900, "again"));

            assertThat(counting.statements()).as("one SELECT of the bucket with the records: %s", counting.summary())
                    .singleElement().asString().startsWithIgnoringCase("select");
        });
    }

    /**
     * Runs a first step (entering a timed state: the deadline joins the commit's transaction) and
     * ten mid-flow steps, each counted on its own.
     */
    private void count(boolean lock, int conversation) {
        int rateLimit = lock ? RATE_LIMIT_STATEMENTS_WITH_LOCK : RATE_LIMIT_STATEMENTS;
        sample(lock).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);
            SampleBotConfiguration.awaitStartup(context);
            dispatch(dispatcher, updates.text(1, "warm"));

            counting.reset();
            dispatch(dispatcher, updates.text(500, "name"));
            List<String> first = counting.statements();
            assertThat(first).as("first step, lock %s: %s", lock, counting.summary())
                    .hasSize(rateLimit + conversation + 1);
            assertThat(first).as("the deadline joins the record's transaction")
                    .anyMatch(sql -> sql.contains("deadlines"));

            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                counting.reset();
                dispatch(dispatcher, updates.text(500, "step" + i));
                List<String> midFlow = counting.statements();
                assertThat(midFlow).as("mid-flow step %d, lock %s: %s", i, lock, counting.summary())
                        .hasSize(rateLimit + conversation);
                assertThat(midFlow).as("no deadline statement mid-flow").noneMatch(sql -> sql.contains("deadlines"));
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
