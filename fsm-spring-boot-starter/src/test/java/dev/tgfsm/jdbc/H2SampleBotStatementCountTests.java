package dev.tgfsm.jdbc;

/**
 * Statements of the sample bot's updates on H2. With the lock 3: the {@code SELECT} of the
 * records and the bucket, the bucket's write and the lock in one {@code SELECT ... FROM FINAL TABLE
 * (UPDATE ...), FINAL TABLE (MERGE ...)}, the commit with its deadline and release likewise.
 * Without it 2: the records loaded with the rate-limit step computed and booked by a
 * {@code MERGE} in one {@code SELECT ... UNION ALL SELECT ... FROM FINAL TABLE (MERGE ...)}
 * ({@link JdbcGcra}; was 3, the bucket's write a statement of its own), the commit.
 */
class H2SampleBotStatementCountTests extends SampleBotStatementCountContract {

    H2SampleBotStatementCountTests() {
        super(() -> TestDataSources.h2(4), new Expected(2, 2), new Expected(3, 3));
    }
}
