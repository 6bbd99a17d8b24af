package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.Throttling;
import dev.tgfsm.storage.WriteBatch;

/**
 * The lease-lock checks of {@link JdbcLeaseContract} on one in-memory H2 database shared by two
 * pools (H2 judges leases by its own {@code CURRENT_TIMESTAMP}), and H2's own case: a folded
 * bucket write and lock request whose statement fails after the bucket part ran.
 */
class H2JdbcLeaseTests extends JdbcLeaseContract {

    private final String url = TestDataSources.h2Url();

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.pool(url, 8);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    /**
     * H2 keeps (and in auto-commit mode commits) what the parts of a failed {@code SELECT ... FINAL
     * TABLE (...)} wrote: a lock request that times out on a row another transaction holds must not
     * leave a permit booked for each attempt.
     */
    @Test
    void lockRequestThatTimesOutAfterTheBucketWriteBooksOnePermit() throws Exception {
        withShortLockTimeout((storage, prefix) -> {
            StorageKey key = StorageKey.of(1, 900, 9);
            StorageKey bucket = key.withDestiny("rate");
            Instant now = Instant.ofEpochMilli(Clock.systemUTC().millis());
            ThrottleRequest request = new ThrottleRequest(bucket, now, Duration.ofMillis(1), Duration.ofDays(1));
            // a lapsed lock row, then the bucket: the next request updates both rows
            assertThat(storage.lockAndLoad(key, Lease.random(Duration.ofMillis(1)), List.of()).acquired()).isTrue();
            assertThat(storage.lockAndLoad(StorageKey.of(1, 901, 9), Lease.random(Duration.ofSeconds(30)), List.of(),
                    request).acquired()).isTrue();
            Thread.sleep(5);

            CompletableFuture<Void> blocker = holdLockRows(prefix);
            assertThat(storage.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(), request).acquired())
                    .as("taken once the other transaction ends").isTrue();
            blocker.get(10, TimeUnit.SECONDS);

            assertThat(storage.load(bucket).meta().get(ThrottleStorage.THROTTLE_META)).as("two calls, two permits")
                    .isEqualTo(Throttling.micros(now) + 2_000L);
        });
    }

    /**
     * The same for a commit's record write folded with its lock release: a release that times out
     * after the write ran must neither leave the write applied nor report it as a conflict.
     */
    @Test
    void lockReleaseThatTimesOutAfterTheRecordWriteCommitsOnce() throws Exception {
        withShortLockTimeout((storage, prefix) -> {
            StorageKey key = StorageKey.of(1, 902, 9);
            storage.setState(key, "A");
            Lease lease = Lease.random(Duration.ofSeconds(30));
            FsmRecord current = storage.lockAndLoad(key, lease, List.of(key)).records().get(key);

            CompletableFuture<Void> blocker = holdLockRows(prefix);
            storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key, current.withState("B"), current.version(),
                    null)), key, lease));
            blocker.get(10, TimeUnit.SECONDS);

            assertThat(storage.load(key).version()).as("written once").isEqualTo(current.version() + 1);
            assertThat(storage.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of()).acquired())
                    .as("released").isTrue();
        });
    }

    /** A check on storage whose statements wait at most 20 ms for a row lock. */
    private interface ShortLockTimeoutCase {

        void run(JdbcFsmStorage storage, String prefix) throws Exception;
    }

    /**
     * Runs a check on a storage of fresh tables whose pool waits at most 20 ms for a row lock
     * (the tables dropped afterwards).
     */
    private void withShortLockTimeout(ShortLockTimeoutCase check) throws Exception {
        String prefix = TestDataSources.uniquePrefix();
        try (HikariDataSource pool = TestDataSources.pool(url.replace("LOCK_TIMEOUT=10000", "LOCK_TIMEOUT=20"), 2)) {
            new JdbcSchemaInitializer(pool, prefix, null).initialize();
            check.run(new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults()), prefix);
            new JdbcSchemaInitializer(pool, prefix, null).drop();
        }
    }

    /** Holds every lock row in another transaction for 300 ms; returns once they are held. */
    private CompletableFuture<Void> holdLockRows(String prefix) throws Exception {
        CompletableFuture<Void> held = new CompletableFuture<>();
        CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> {
            try (HikariDataSource other = TestDataSources.pool(url, 1);
                    Connection c = other.getConnection();
                    Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeUpdate("UPDATE " + prefix + "locks SET expires_at = expires_at");
                held.complete(null);
                Thread.sleep(300);
                c.commit();
            }
            catch (Exception ex) {
                held.completeExceptionally(ex);
                throw new IllegalStateException(ex);
            }
        });
        held.get(10, TimeUnit.SECONDS);
        return blocker;
    }
}
