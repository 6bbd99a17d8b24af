package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.WriteBatch;

/**
 * Faults between the storage and a real PostgreSQL server, through a {@link TcpProxy} that the test
 * cuts or turns into a black hole and then restores (the server itself is never stopped): calls fail
 * with {@link StorageUnavailableException} and {@code health()} reports down within bounded time, then
 * everything works again, and no batch was half written.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresJdbcFaultIT {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final String prefix = TestDataSources.uniquePrefix();

    private final StorageKey main = StorageKey.of(1, 300, 7);

    private final StorageKey history = main.withDestiny("scenes_history");

    private HikariDataSource direct;

    private HikariDataSource proxied;

    private TcpProxy proxy;

    private JdbcFsmStorage storage;

    @BeforeEach
    void setUp() throws Exception {
        direct = TestDataSources.postgres(2);
        new JdbcSchemaInitializer(direct, prefix, null).initialize();
        proxy = new TcpProxy(TestServer.POSTGRES.host(), TestServer.POSTGRES.port());
        String url = TestServer.POSTGRES.url().replace(":" + TestServer.POSTGRES.port() + "/", ":" + proxy.port() + "/")
                + "&connectTimeout=2&socketTimeout=2&tcpKeepAlive=true";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        proxied = new HikariDataSource(config);
        storage = new JdbcFsmStorage(proxied, prefix, JdbcDialect.POSTGRESQL, StorageConfig.ofDefaults());
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        proxied.close();
        new JdbcSchemaInitializer(direct, prefix, null).drop();
        direct.close();
    }

    @Test
    void cutConnectionFailsTypedReportsDownAndRecovers() throws Exception {
        runFault(proxy::cut);
    }

    @Test
    void silentNetworkFailsTypedWithinTimeoutsAndRecovers() throws Exception {
        runFault(proxy::blackhole);
    }

    private void runFault(Runnable fault) throws Exception {
        storage.save(WriteBatch.of(RecordWrite.put(main, FsmRecord.of("A", Map.of("n", 0)), 0, null),
                RecordWrite.put(history, FsmRecord.of(null, Map.of("n", 0)), 0, null)));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong committed = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(50);
        List<Thread> writers = List.of(writer(running, committed, failures, started),
                writer(running, committed, failures, started), writer(running, committed, failures, started));
        writers.forEach(Thread::start);
        assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("writers made progress").isTrue();

        fault.run();
        long faultAt = System.nanoTime();
        assertThatThrownBy(() -> storage.load(main)).isInstanceOf(StorageUnavailableException.class);
        StorageHealth down = storage.health();
        Duration detected = Duration.ofNanos(System.nanoTime() - faultAt);
        assertThat(down.up()).isFalse();
        assertThat(detected).as("failure and health DOWN within the bound").isLessThan(BOUND);

        proxy.restore();
        long restoredAt = System.nanoTime();
        StorageHealth up = storage.health();
        while (!up.up() && System.nanoTime() - restoredAt < BOUND.toNanos()) {
            up = storage.health();
        }
        assertThat(up.up()).as("health back up after the network returns").isTrue();
        long before = committed.get();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (committed.get() < before + 20 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        running.set(false);
        for (Thread writer : writers) {
            writer.join(BOUND.toMillis());
        }
        System.out.println("[fault] detected in " + detected.toMillis() + " ms, recovered in "
                + Duration.ofNanos(System.nanoTime() - restoredAt).toMillis() + " ms, " + committed.get()
                + " batches committed, " + failures.size() + " failed calls");

        assertThat(committed.get()).as("writes succeed again").isGreaterThanOrEqualTo(before + 20);
        assertThat(failures).isNotEmpty().allMatch(ex -> ex instanceof StorageUnavailableException);
        Map<StorageKey, FsmRecord> records = storage.loadAll(List.of(main, history));
        assertThat(records.get(main).data().get("n")).as("both records of every batch written together")
                .isEqualTo(records.get(history).data().get("n"));
        assertThat(records.get(main).version()).isEqualTo(records.get(history).version());
    }

    private Thread writer(AtomicBoolean running, AtomicLong committed, ConcurrentLinkedQueue<Throwable> failures,
            CountDownLatch started) {
        Thread thread = new Thread(() -> {
            while (running.get()) {
                try {
                    Map<StorageKey, FsmRecord> loaded = storage.loadAll(List.of(main, history));
                    FsmRecord m = loaded.get(main);
                    FsmRecord h = loaded.get(history);
                    int n = ((Number) m.data().get("n")).intValue() + 1;
                    storage.save(WriteBatch.of(RecordWrite.put(main, m.withData(Map.of("n", n)), m.version(), null),
                            RecordWrite.put(history, h.withData(Map.of("n", n)), h.version(), null)));
                    committed.incrementAndGet();
                    started.countDown();
                }
                catch (FsmConflictException ex) {
                    // another writer was first
                }
                catch (Throwable ex) {
                    failures.add(ex);
                }
            }
        }, "fault-writer");
        thread.setDaemon(true);
        return thread;
    }
}
