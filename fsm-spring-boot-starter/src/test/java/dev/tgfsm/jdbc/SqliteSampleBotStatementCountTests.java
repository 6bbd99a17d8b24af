package dev.tgfsm.jdbc;

/**
 * Statements of the sample bot's updates on SQLite (a file in a temporary directory), which changes
 * one table per statement: with the lock 5 ({@code SELECT}, bucket, lock, record, release), 6 with
 * the deadline; without it 3 ({@code SELECT}, bucket, record), 4 with the deadline. {@code BEGIN IMMEDIATE} and {@code COMMIT} are
 * transaction control, not counted.
 */
class SqliteSampleBotStatementCountTests extends SampleBotStatementCountContract {

    SqliteSampleBotStatementCountTests() {
        super(() -> TestDataSources.sqlite(TestDataSources.tempDirectory(), 4), new Expected(4, 3), new Expected(6, 5));
    }
}
