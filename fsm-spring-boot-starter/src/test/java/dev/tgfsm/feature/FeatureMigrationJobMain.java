package dev.tgfsm.feature;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.TestDataSources;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * The offline {@link FeatureMigrationJob} as an operator runs it: its own JVM, upgrading the
 * {@code profile} feature of one bot with {@link FeatureMigrationScenarios#RENAME_AND_COUNT}. Prints
 * {@code before batch n} before each batch and {@code report <report>} at the end.
 *
 * <p>Arguments: {@code redis <url> <key prefix>} or {@code jdbc <url> <table prefix>}, then the
 * bot id, the batch size, and a pause before each batch in milliseconds (a job paced so as not to
 * crowd out live traffic).
 */
public final class FeatureMigrationJobMain {

    /** The lock lease and wait the job and the live updates beside it use. */
    static final ContextConfig OPTIONS = ContextConfig.ofDefaults().withLock(Duration.ofSeconds(2),
            Duration.ofSeconds(10));

    private FeatureMigrationJobMain() {
    }

    /**
     * Opens the storage a process of a crash test works on.
     *
     * @param kind {@code redis} or {@code jdbc}
     * @param url the server's URL
     * @param prefix the key prefix (Redis) or table prefix (SQL)
     * @return the storage
     */
    public static FsmStorage storage(String kind, String url, String prefix) {
        if (kind.equals("redis")) {
            URI uri = URI.create(url);
            LettuceConnectionFactory factory = LettuceResilience.standalone(uri.getHost(), uri.getPort(), null,
                    Duration.ofSeconds(5));
            return new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
        }
        HikariDataSource pool = TestDataSources.pool(url, 2);
        return new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults());
    }

    /**
     * Runs the job.
     *
     * @param args see the class description
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        FsmStorage storage = storage(args[0], args[1], args[2]);
        long bot = Long.parseLong(args[3]);
        int batchSize = Integer.parseInt(args[4]);
        long pause = Long.parseLong(args[5]);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), OPTIONS, new LeaseKeeper());
        FeatureMigrationJob job = new FeatureMigrationJob(contexts,
                DataMigrations.of(List.of(FeatureMigrationScenarios.RENAME_AND_COUNT)), "profile", batchSize, bot);
        AtomicInteger batches = new AtomicInteger();
        MigrationReport report = job.run(() -> {
            if (pause > 0) {
                try {
                    Thread.sleep(pause);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            System.out.println("before batch " + batches.incrementAndGet());
            System.out.flush();
            return true;
        });
        System.out.println("report " + report.scanned() + " " + report.upgraded() + " " + report.current() + " "
                + report.failed() + " " + report.complete());
        System.out.flush();
        System.exit(0);
    }
}
