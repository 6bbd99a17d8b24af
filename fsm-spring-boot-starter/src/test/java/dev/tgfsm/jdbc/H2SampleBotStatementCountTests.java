package dev.tgfsm.jdbc;

/**
 * Statements of the sample bot's updates on H2. With the lock 3: the {@code SELECT} of the
 * records and the bucket, the bucket's write and the lock in one {@code SELECT ... FROM FINAL TABLE
 * (UPDATE ...), FINAL TABLE (MERGE ...)}, the commit with its deadline and release likewise.
 * Without it 3: the {@code SELECT} of the records and the bucket, the bucket's write, the commit.
 */
class H2SampleBotStatementCountTests extends SampleBotStatementCountContract {

    H2SampleBotStatementCountTests() {
        super(() -> TestDataSources.h2(4), new Expected(3, 3), new Expected(3, 3));
    }
}
